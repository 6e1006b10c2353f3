import type { Evidence } from '../model/index.js';

/** How reports say what the code does with a symbol where the evidence is (Evidence.use). */
export const USE_WORDS: Readonly<Record<Evidence['use'], string>> = {
  import: 'imported', reference: 'referenced', call: 'called', instantiate: 'instantiated', subclass: 'subclassed', annotation: 'in an annotation', definition: 'defined here',
};
