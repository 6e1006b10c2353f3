/**
 * A small repository for the language server's tests: a factory that uses
 * the canonical Bridge, a helper module whose `Tool` an edit can turn into
 * the legacy Manager (through a re-exporting alias module, so the hover has
 * a chain to show), and a mix rule over app/.
 */
export const LSP_CONFIG = {
  python: { roots: ['.'] },
  include: ['**/*.py'],
  rules: [
    {
      id: 'one-manager',
      message: 'Reach the manager only through Bridge.',
      scope: { files: ['app/**/*.py'] },
      canonical: ['app.bridge.Bridge'],
      legacy: ['app.legacy.Manager'],
      forbid: 'mix',
      unit: 'file',
    },
  ],
};

export const LSP_FILES: Record<string, string> = {
  'app/__init__.py': '',
  'app/bridge.py': 'class Bridge:\n    pass\n',
  'app/legacy.py': 'class Manager:\n    pass\n',
  'app/compat.py': 'from app.legacy import Manager\n\nOldManager = Manager\n',
  'app/helpers.py': 'class Tool:\n    pass\n',
  'app/factory.py': 'from app.bridge import Bridge\nfrom app.helpers import Tool\n\n\ndef make():\n    return Bridge(), Tool()\n',
  'ssot-guard.config.json': `${JSON.stringify(LSP_CONFIG, null, 2)}\n`,
};

/** The factory, unsaved, mixing the patterns: the legacy manager under another name, through the alias module. */
export const MIXED_FACTORY = 'from app.bridge import Bridge\nfrom app.compat import OldManager as Helper\n\n\ndef make():\n    return Bridge(), Helper()\n';
