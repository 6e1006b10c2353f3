/** A minimal repo shape shared by integration tests: one canonical, one legacy class, one rule. */
export const CONFIG = {
  python: { roots: ['.'] },
  rules: [
    {
      id: 'ws',
      message: 'Use Bridge, not Manager.',
      scope: { files: ['app/**'] },
      canonical: ['app.bridge.Bridge'],
      legacy: ['app.legacy.Manager'],
      forbid: 'mix',
    },
  ],
};

export const CLEAN = 'from app.bridge import Bridge\n\n\ndef make():\n    return Bridge()\n';
export const MIXED = 'from app.bridge import Bridge\nfrom app.legacy import Manager\n\n\ndef make():\n    return Bridge(), Manager()\n';

export function baseFiles(factory: string = CLEAN): Record<string, string> {
  return {
    'ssot-guard.config.json': JSON.stringify(CONFIG, null, 2),
    'app/__init__.py': '',
    'app/bridge.py': 'class Bridge:\n    pass\n',
    'app/legacy.py': 'class Manager:\n    pass\n',
    'app/factory.py': factory,
  };
}
