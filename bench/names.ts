import type { Rng } from './prng.js';

/** Word pools: names that read like a real backend, so module and class names vary the way real ones do. */
export const DOMAINS = [
  'billing', 'orders', 'users', 'auth', 'notifications', 'search', 'inventory', 'payments', 'analytics', 'reports',
  'sessions', 'tenants', 'webhooks', 'audit', 'catalog', 'pricing', 'shipping', 'messaging', 'scheduler', 'workflows',
  'metrics', 'storage', 'events', 'profiles', 'tokens', 'permissions', 'exports', 'imports', 'feeds', 'onboarding',
  'invoices', 'subscriptions', 'refunds', 'ledger', 'accounts', 'teams', 'projects', 'documents', 'comments', 'uploads',
] as const;

export const SUBPACKAGES = ['core', 'api', 'v2', 'internal', 'handlers', 'jobs', 'views', 'ops', 'sync', 'compat', 'backends', 'policies', 'pipeline', 'io'] as const;

export const KINDS = [
  'service', 'repository', 'handler', 'manager', 'client', 'adapter', 'validator', 'serializer', 'mapper', 'builder',
  'processor', 'controller', 'helpers', 'models', 'schemas', 'tasks', 'policy', 'registry', 'store', 'resolver',
] as const;

export const VERBS = ['build', 'load', 'fetch', 'sync', 'apply', 'resolve', 'render', 'collect', 'validate', 'normalize', 'dispatch', 'compute', 'merge', 'prepare', 'refresh'] as const;
export const NOUNS = ['payload', 'record', 'batch', 'snapshot', 'context', 'summary', 'request', 'result', 'entry', 'window', 'bucket', 'cursor', 'token', 'digest', 'plan'] as const;

export function pascal(snake: string): string {
  return snake
    .split('_')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** A name not yet in `taken`, suffixed with a counter when the plain one is. */
export function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

export function verbNoun(rng: Rng): string {
  return `${rng.pick(VERBS)}_${rng.pick(NOUNS)}`;
}
