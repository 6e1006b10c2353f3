/**
 * The real corpus's rule set: canonical / legacy pairs the packages
 * themselves have (Django's deprecated URL and text helpers, Twisted's two
 * logging systems, SymPy's mutable and immutable matrix aliases, asyncio's
 * locks beside threading's, retired standard modules), each scoped with
 * globs over the monorepo layout. Several legacy sides are aliases or
 * re-exports (`sympy.Matrix`, `threading.Lock`,
 * `django.utils.deprecation.RemovedInNextVersionWarning`), so every route to
 * the object is caught. A rule names the corpus parts it needs: one whose
 * package is not installed is left out rather than failing on a symbol that
 * cannot exist.
 */

interface RealRule {
  /** Corpus directories (`stdlib`, `packages/django`) the rule's symbols live in. */
  readonly needs: readonly string[];
  readonly rule: Record<string, unknown>;
}

const RULES: readonly RealRule[] = [
  {
    needs: ['packages/django'],
    rule: {
      id: 'django-url-routing',
      message: 'Route with django.urls.path / re_path; django.conf.urls.url is deprecated since Django 3.1.',
      scope: { files: ['apps/**/*.py', 'packages/django/django/contrib/**/*.py'], exclude: ['**/tests/**'] },
      canonical: ['django.urls.path', 'django.urls.re_path'],
      legacy: ['django.conf.urls.url'],
      forbid: 'mix',
      unit: 'file',
    },
  },
  {
    needs: ['packages/django'],
    rule: {
      id: 'django-force-str',
      message: 'force_text / smart_text are deprecated aliases: use force_str / smart_str.',
      scope: { files: ['apps/**/*.py', 'packages/django/django/**/*.py'] },
      legacy: ['django.utils.encoding.force_text', 'django.utils.encoding.smart_text'],
      forbid: 'legacy',
    },
  },
  {
    needs: ['packages/django'],
    rule: {
      id: 'django-one-removal-per-function',
      message: 'A function warns about one removal: RemovedInNextVersionWarning (RemovedInDjango40Warning) or RemovedInDjango41Warning, not both.',
      scope: { files: ['packages/django/django/**/*.py'], exclude: ['packages/django/django/utils/deprecation.py'] },
      canonical: ['django.utils.deprecation.RemovedInDjango41Warning'],
      legacy: ['django.utils.deprecation.RemovedInNextVersionWarning'],
      forbid: 'mix',
      unit: 'function',
    },
  },
  {
    needs: ['packages/twisted'],
    rule: {
      id: 'twisted-one-logger',
      message: 'Log through twisted.logger.Logger; do not also use the legacy twisted.python.log in the same module.',
      scope: { files: ['packages/twisted/twisted/**/*.py'], exclude: ['**/test/**', 'packages/twisted/twisted/logger/**', 'packages/twisted/twisted/python/log.py'] },
      canonical: ['twisted.logger.Logger'],
      legacy: ['twisted.python.log'],
      forbid: 'mix',
      unit: 'file',
    },
  },
  {
    needs: ['packages/sympy'],
    rule: {
      id: 'sympy-vector-immutable-matrices',
      message: 'sympy.physics.vector builds ImmutableMatrix; a function must not also build the mutable Matrix.',
      scope: { files: ['packages/sympy/sympy/physics/vector/**/*.py', 'packages/sympy/sympy/physics/mechanics/**/*.py'], exclude: ['**/tests/**'] },
      canonical: ['sympy.ImmutableMatrix'],
      legacy: ['sympy.Matrix'],
      forbid: 'mix',
      unit: 'function',
    },
  },
  {
    needs: ['stdlib'],
    rule: {
      id: 'asyncio-no-thread-locks',
      message: 'Coroutines synchronise with asyncio.Lock / Event / Condition; a function must not also take threading ones.',
      scope: { files: ['stdlib/asyncio/**/*.py', 'packages/tornado/**/*.py', 'apps/**/*.py'] },
      canonical: ['asyncio.Lock', 'asyncio.Event', 'asyncio.Condition'],
      legacy: ['threading.Lock', 'threading.RLock', 'threading.Event', 'threading.Condition'],
      forbid: 'mix',
      unit: 'function',
    },
  },
  {
    needs: ['stdlib'],
    rule: {
      id: 'no-imp',
      message: 'imp is deprecated (removed in 3.12): use importlib.',
      scope: { files: ['stdlib/**/*.py', 'packages/*/**/*.py', 'apps/**/*.py'], exclude: ['packages/pip/pip/_vendor/**', '**/tests/**', '**/test/**'] },
      canonical: ['importlib'],
      legacy: ['imp'],
      forbid: 'mix',
      unit: 'file',
    },
  },
  {
    needs: ['stdlib'],
    rule: {
      id: 'no-asyncore',
      message: 'asyncore and asynchat are deprecated (removed in 3.12): use asyncio.',
      scope: { files: ['stdlib/**/*.py', 'packages/**/*.py', 'apps/**/*.py'], exclude: ['stdlib/asynchat.py', 'stdlib/smtpd.py', 'stdlib/test/**'] },
      legacy: ['asyncore', 'asynchat'],
      forbid: 'legacy',
    },
  },
  {
    needs: ['packages/numpy'],
    rule: {
      id: 'no-numpy-compat',
      message: 'numpy.compat is numpy\'s Python 2 shim layer: sklearn uses the standard library.',
      scope: { files: ['packages/sklearn/**/*.py', 'packages/statsmodels/**/*.py'] },
      legacy: ['numpy.compat'],
      forbid: 'legacy',
    },
  },
  {
    needs: ['packages/sqlalchemy'],
    rule: {
      id: 'sqlalchemy-orm-declarative',
      message: 'Since SQLAlchemy 1.4 declarative lives in sqlalchemy.orm; sqlalchemy.ext.declarative only re-exports it.',
      scope: { files: ['packages/sqlalchemy/sqlalchemy/orm/**/*.py', 'packages/sqlalchemy/sqlalchemy/ext/**/*.py', 'apps/**/*.py'], exclude: ['packages/sqlalchemy/sqlalchemy/ext/declarative/**'] },
      legacy: ['sqlalchemy.ext.declarative'],
      forbid: 'legacy',
    },
  },
];

/** The planted monorepo code: one file that mixes Django's two routing APIs, one app module that is clean. */
export const PLANTED_FILES: Readonly<Record<string, string>> = {
  'apps/shop/__init__.py': '',
  'apps/shop/views.py': 'from django.http import HttpResponse\n\n\ndef index(request):\n    return HttpResponse("shop")\n',
  'apps/shop/urls.py': [
    'from django.conf.urls import url  # planted: the deprecated route beside the new ones',
    'from django.urls import path',
    '',
    'from shop import views',
    '',
    'urlpatterns = [',
    '    path("", views.index),',
    '    url(r"^legacy/$", views.index),',
    ']',
    '',
  ].join('\n'),
};

export const PLANTED_VIOLATION = { rule: 'django-url-routing', file: 'apps/shop/urls.py' } as const;

/** Staged with a new def for the one-shot figures: a Django hub (imported by about a hundred modules) in two rules' scope. */
export const EDITED_HUB = 'packages/django/django/utils/deprecation.py';

/**
 * Saved with this line and without it for save -> verdict: the admin site
 * already routes with django.urls.path, so the deprecated url() makes one
 * mix; the module is imported all over django.contrib.admin.
 */
export const TOGGLE = {
  file: 'packages/django/django/contrib/admin/sites.py',
  line: '\nfrom django.conf.urls import url as bench_legacy_url  # bench: legacy toggled on\n',
} as const;

/** A glob under a package the corpus lacks matches nothing, which a check rejects: such globs are dropped. */
function present(have: ReadonlySet<string>): (glob: string) => boolean {
  return (glob) => {
    const m = /^packages\/([^/*?[{]+)\//.exec(glob);
    return !m || have.has(`packages/${m[1]}`);
  };
}

function scoped(rule: Record<string, unknown>, keep: (glob: string) => boolean): Record<string, unknown> | null {
  const scope = rule['scope'] as { files: string[]; exclude?: string[] };
  const files = scope.files.filter(keep);
  if (!files.length) return null;
  const exclude = (scope.exclude ?? []).filter(keep);
  return { ...rule, scope: { files, ...(exclude.length ? { exclude } : {}) } };
}

/** The config over the parts present; every rule whose symbols and scope the corpus has. */
export function realConfig(dirs: readonly string[]): { config: object; rules: number; left: string[] } {
  const have = new Set(dirs);
  const keep = present(have);
  const kept = RULES.flatMap((r) => {
    const rule = r.needs.every((d) => have.has(d)) ? scoped(r.rule, keep) : null;
    return rule ? [{ needs: r.needs, rule }] : [];
  });
  const keptIds = new Set(kept.map((r) => r.rule['id']));
  return {
    config: {
      python: { roots: ['apps', ...dirs] },
      include: ['**/*.py'],
      exclude: ['**/__pycache__/**'],
      typeOnlyImports: 'ignore',
      rules: kept.map((r) => r.rule),
    },
    rules: kept.length,
    left: RULES.map((r) => String(r.rule['id'])).filter((id) => !keptIds.has(id)),
  };
}

/** The ruff-wasm peer bans the same legacy names with flake8-tidy-imports (TID251). */
export function bannedApi(config: { rules: Array<{ id: string; legacy?: string[]; message: string }> }): Record<string, { msg: string }> {
  const banned: Record<string, { msg: string }> = {};
  for (const r of config.rules) for (const name of r.legacy ?? []) banned[name] = { msg: `${r.id}: ${r.message}` };
  return banned;
}
