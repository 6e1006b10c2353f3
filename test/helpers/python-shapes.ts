/**
 * The Python shapes the resolver once got wrong (issue 18, cases 2, 5, 6, 7):
 * dynamic imports, star chains, conditional rebinding, a package beside a
 * module file. Each is a few files over BASE; `mixes` says whether running
 * the factory reaches both classes. The differential test holds `mixes` to
 * what CPython does, and the commit test refuses exactly the shapes that mix.
 */

/** Records, per module, which frames fetched its class: how CPython tells us a dynamic import reached it. */
const RECORD = `import sys, types

fetched = set()


def install(module_name, class_name):
    class Recording(types.ModuleType):
        def __getattribute__(self, name):
            if name == class_name:
                fetched.add((module_name, sys._getframe(1).f_code.co_filename))
            return types.ModuleType.__getattribute__(self, name)

    sys.modules[module_name].__class__ = Recording
`;

const CONFIG = {
  python: { roots: ['.'] },
  rules: [{
    id: 'ws', message: 'Use Bridge, not WebSocketManager.', scope: { files: ['app/agents/**'] },
    canonical: ['app.bridge.Bridge'], legacy: ['app.legacy.manager.WebSocketManager'], forbid: 'mix',
  }],
};

export const BASE: Record<string, string> = {
  'ssot-guard.config.json': JSON.stringify(CONFIG),
  'app/__init__.py': '',
  'app/_record.py': RECORD,
  'app/bridge.py': 'import app._record\nclass Bridge:\n    pass\napp._record.install(__name__, "Bridge")\n',
  'app/legacy/__init__.py': '',
  'app/legacy/manager.py': 'import app._record\nclass WebSocketManager:\n    pass\napp._record.install(__name__, "WebSocketManager")\n',
  'app/agents/__init__.py': '',
};

const BRIDGE = 'from app.bridge import Bridge\n';

function starChain(length: number, dunderAll: boolean): Record<string, string> {
  const files: Record<string, string> = { 'app/x/__init__.py': '' };
  const all = dunderAll ? '__all__ = ["WebSocketManager"]\n' : '';
  for (let i = 0; i < length; i++) {
    const source = i === length - 1 ? 'app.legacy.manager' : `app.x.m${i + 1}`;
    files[`app/x/m${i}.py`] = `from ${source} import *\n${all}`;
  }
  files['app/agents/factory.py'] = BRIDGE + 'from app.x.m0 import WebSocketManager as WSM\n';
  return files;
}

export interface Shape {
  readonly name: string;
  readonly files: Record<string, string>;
  /** Whether running the factory reaches both the legacy and the canonical class. */
  readonly mixes: boolean;
}

export const shapes: Shape[] = [
  // Dynamic imports.
  { name: 'importlib.import_module(...).Class', files: { 'app/agents/factory.py': BRIDGE + 'import importlib\nW = importlib.import_module("app.legacy.manager").WebSocketManager\n' }, mixes: true },
  { name: 'import importlib as il; il.import_module(...).Class', files: { 'app/agents/factory.py': BRIDGE + 'import importlib as il\nW = il.import_module("app.legacy.manager").WebSocketManager\n' }, mixes: true },
  { name: 'from importlib import import_module, relative name and literal package', files: { 'app/agents/factory.py': BRIDGE + 'from importlib import import_module\nW = import_module(".legacy.manager", "app").WebSocketManager\n' }, mixes: true },
  { name: "__import__('app').Class through the package's re-export",
    files: { 'app/__init__.py': 'from app.legacy.manager import WebSocketManager\n', 'app/agents/factory.py': BRIDGE + 'W = __import__("app").WebSocketManager\n' }, mixes: true },
  { name: 'an f-string whose expression calls __import__',
    files: { 'app/agents/factory.py': BRIDGE + 's = f"{__import__(\'app.legacy.manager\').legacy.manager.WebSocketManager}"\n' }, mixes: true },
  { name: 'import_module of the module only, another name read (clean)', files: { 'app/agents/factory.py': BRIDGE + 'import importlib\nm = importlib.import_module("app.legacy.manager")\nname = m.__name__\n' }, mixes: false },
  { name: 'a function named import_module that is not importlib (clean)',
    files: { 'app/loader.py': 'def import_module(name):\n    return None\n', 'app/agents/factory.py': BRIDGE + 'from app.loader import import_module\nW = import_module("app.legacy.manager")\n' }, mixes: false },
  // Star chains.
  { name: 'two star imports in a row', files: starChain(2, false), mixes: true },
  { name: 'two star imports in a row, with __all__', files: starChain(2, true), mixes: true },
  { name: 'a chain of 500 star imports', files: starChain(500, false), mixes: true },
  { name: 'a chain of 500 star imports, with __all__', files: starChain(500, true), mixes: true },
  // Conditional rebinding.
  { name: 'imported, then rebound under if False',
    files: { 'app/agents/factory.py': BRIDGE + 'from app.legacy.manager import WebSocketManager as WSM\nif False:\n    WSM = object\n' }, mixes: true },
  { name: 'a re-export rebound under if False',
    files: { 'app/shim.py': 'from app.legacy.manager import WebSocketManager as WSM\nif False:\n    WSM = object\n', 'app/agents/factory.py': BRIDGE + 'from app.shim import WSM\n' }, mixes: true },
  { name: 'a re-export whose else branch does the import',
    files: { 'app/shim.py': 'import sys\nif sys.version_info < (3,):\n    WSM = object\nelse:\n    from app.legacy.manager import WebSocketManager as WSM\n', 'app/agents/factory.py': BRIDGE + 'from app.shim import WSM\n' }, mixes: true },
  { name: 'a re-export whose if branch does the import, an alias in the else branch',
    files: { 'app/shim.py': 'import sys\nif sys.version_info >= (3,):\n    from app.legacy.manager import WebSocketManager as WSM\nelse:\n    WSM = object\n', 'app/agents/factory.py': BRIDGE + 'from app.shim import WSM\n' }, mixes: true },
  { name: 'a try/except ImportError fallback',
    files: { 'app/other.py': 'WSM = object\n', 'app/shim.py': 'try:\n    from app.legacy.manager import WebSocketManager as WSM\nexcept ImportError:\n    from app.other import WSM\n', 'app/agents/factory.py': BRIDGE + 'from app.shim import WSM\n' }, mixes: true },
  { name: 'a re-export rebound unconditionally (clean)',
    files: { 'app/shim.py': 'from app.legacy.manager import WebSocketManager as WSM\nWSM = object\n', 'app/agents/factory.py': BRIDGE + 'from app.shim import WSM\n' }, mixes: false },
  // A package directory beside a module file.
  { name: 'the package app/compat/ beside app/compat.py is what is imported',
    files: { 'app/compat.py': 'class WebSocketManager:\n    pass\n', 'app/compat/__init__.py': 'from app.legacy.manager import WebSocketManager\n', 'app/agents/factory.py': BRIDGE + 'from app.compat import WebSocketManager\n' }, mixes: true },
  { name: 'the module file beside a package is not imported (clean)',
    files: { 'app/compat.py': 'from app.legacy.manager import WebSocketManager\n', 'app/compat/__init__.py': 'class WebSocketManager:\n    pass\n', 'app/agents/factory.py': BRIDGE + 'from app.compat import WebSocketManager\n' }, mixes: false },
];

