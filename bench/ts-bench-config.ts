import { CANONICAL_SYMBOL, LEGACY_SYMBOL } from './ts-plantings.js';

/**
 * The synthetic TS repo's configs: its tsconfig (the aliases both tools must
 * resolve), and one rule stated twice, for ssot-guard and for
 * dependency-cruiser, as close to each other as the two can say it.
 */

export const RULE_ID = 'no-legacy-client';

export function tsconfig(): object {
  return {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      jsx: 'react-jsx',
      strict: true,
      allowJs: true,
      baseUrl: '.',
      paths: { '@app/*': ['src/*'], '@acme/*': ['packages/*/src/index.ts'] },
    },
    include: ['src', 'packages'],
  };
}

/** Scope and files as `depcruise src packages` sees them; type-only imports are ignored (ssot-guard's default). */
export function ssotGuardConfig(): object {
  return {
    include: ['src/**/*.{ts,tsx,js}', 'packages/**/*.{ts,tsx,js}'],
    exclude: ['**/node_modules/**'],
    typeOnlyImports: 'ignore',
    rules: [
      {
        id: RULE_ID,
        message: 'Features reach HTTP through src/core/client (Client), never the LegacyClient.',
        scope: { files: ['src/features/**'] },
        canonical: [CANONICAL_SYMBOL],
        legacy: [LEGACY_SYMBOL],
        forbid: 'legacy',
      },
    ],
  };
}

/**
 * The same rule for dependency-cruiser: a dependency from src/features to the
 * legacy module, not counting type-only imports. It judges module edges, so
 * it cannot follow a name through a barrel to src/legacy/client.
 */
export function depcruiseConfig(): string {
  return `/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: '${RULE_ID}',
      severity: 'error',
      from: { path: '^src/features' },
      to: { path: '^src/legacy/client', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.d.ts'] },
  },
};
`;
}
