export * from './brands.js';
export * from './facts.js';
export * from './snapshot.js';
export * from './config.js';
export * from './violation.js';
export * from './file-kind.js';
