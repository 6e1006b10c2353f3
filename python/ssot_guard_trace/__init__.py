"""
The runtime tracer of `ssot-guard trace`: records which declared objects code
in the repository fetched from their module or called, with the frames. No
per-line tracing: a meta-path finder watches the declared modules only, their
module objects record fetches of declared names, declared classes and
functions are wrapped to record calls, and a declared module is recorded where
repository code imports it (`import`, `__import__`, `importlib.import_module`). Each process appends JSON lines to its
own file under $SSOT_GUARD_TRACE_DIR, flushed per record; an end marker is
written at exit, so a killed process is reported as incomplete.
"""
import os
import sys
import types
from json import dumps as _dumps, load as _load  # taken before json is watched: the tracer's own use is no use

_PLAN = None
_ROOT = ''
_HOME = set()          # files of the declared modules (their own uses are not uses)
_OWN = os.path.dirname(os.path.abspath(__file__))
_BY_MODULE = {}        # module name -> [(attribute name, declared symbol)]
_BY_ID = {}            # id(object) -> declared symbol (identity: aliases are the same object)
_MODULES = {}          # declared module name -> declared symbol (a module itself declared)
_resolve_name = None   # importlib.util.resolve_name, taken when imports are watched
_KEEP = []             # the declared objects, so their ids stay theirs
_SEEN = set()
_UNITS = set()         # (symbol, kind, the unit each rule gives the use): recorded already
_SCOPES = {}           # declared symbol -> [files in scope of each rule naming it]
_TRACKED = frozenset() # the index's judged files: a frame elsewhere is in every rule's scope
_OUT = None
_FILES = {}            # co_filename -> repo-relative path or None
_DEPTH = 8


def _open():
    global _OUT
    directory = os.environ['SSOT_GUARD_TRACE_DIR']
    path = os.path.join(directory, '%d-%s.jsonl' % (os.getpid(), os.urandom(4).hex()))
    _OUT = open(path, 'a', encoding='utf-8')
    _write({'start': os.getpid(), 'argv': sys.argv[:8]})


def _write(obj):
    _OUT.write(_dumps(obj) + '\n')
    _OUT.flush()


def _end():
    if _OUT is not None and not _OUT.closed:
        _write({'end': os.getpid()})
        _OUT.close()


def _after_fork():
    _SEEN.clear()
    _UNITS.clear()
    _open()
    mp = sys.modules.get('multiprocessing.util')
    if mp is not None:
        # multiprocessing's children leave through os._exit, which skips atexit; its child
        # bootstrap clears the finalizers, then runs the after-fork hooks, so register there.
        mp.register_after_fork(_Anchor, lambda _: mp.Finalize(None, _end, exitpriority=-1000))


_REAL_EXIT = os._exit


def _exit_ended(code):
    try:
        _end()
    finally:
        _REAL_EXIT(code)


class _Anchor:
    """A long-lived object multiprocessing's weak after-fork registry can key on."""


def _rel(filename):
    rel = _FILES.get(filename, 0)
    if rel != 0:
        return rel
    rel = None
    if filename[:1] == '<':
        _FILES[filename] = None
        return None  # <frozen importlib._bootstrap>, <string>: no file, never a unit
    path = os.path.realpath(filename)
    if path.startswith(_ROOT + os.sep) and path not in _HOME and not path.startswith(_OWN):
        rel = os.path.relpath(path, _ROOT).replace(os.sep, '/')
    _FILES[filename] = rel
    return rel


def _repo_frames(f):
    """(path, frame) of the first _DEPTH repository frames, innermost first."""
    seen = 0
    while f is not None and seen < _DEPTH:
        rel = _rel(f.f_code.co_filename)
        if rel is not None:
            seen += 1
            yield rel, f
        f = f.f_back


def _place(rel, f):
    return (rel, f.f_lineno, getattr(f.f_code, 'co_qualname', f.f_code.co_name))


def _unit_key(symbol, kind, scopes, f):
    """
    The use as the judge will read it: for each rule naming the symbol, the
    innermost of the first _DEPTH repository frames in its scope (its file,
    line and def), walking only until every rule has found its frame. A call
    in a tight loop is told from one recorded already this way, not by its
    whole stack (under a test runner, thirty frames).
    """
    tracked = _TRACKED
    if len(scopes) == 1:
        # The usual case (the rules naming a symbol share their globs): the first frame in scope ends
        # the walk. _repo_frames by hand, _rel's cache looked up in line: this runs on every call of a
        # declared function, and the generator cost a third of the tracer's overhead on a suite that
        # calls one in tight loops.
        files = scopes[0]
        seen = 0
        while f is not None and seen < _DEPTH:
            rel = _FILES.get(f.f_code.co_filename, 0)
            if rel == 0:
                rel = _rel(f.f_code.co_filename)
            if rel is not None:
                if rel in files or rel not in tracked:
                    return (symbol, kind, _place(rel, f))
                seen += 1
            f = f.f_back
        return (symbol, kind, None)
    found = [None] * len(scopes)
    missing = len(scopes)
    for rel, frame in _repo_frames(f):
        for i, files in enumerate(scopes):
            if found[i] is None and (rel in files or rel not in tracked):
                found[i] = _place(rel, frame)
                missing -= 1
        if not missing:
            break
    return (symbol, kind, tuple(found))


def _record(symbol, kind, depth=2):
    scopes = _SCOPES.get(symbol)
    if scopes:
        key = _unit_key(symbol, kind, scopes, sys._getframe(depth))
        if key in _UNITS:
            return
        _UNITS.add(key)
    frames = [_place(rel, f) for rel, f in _repo_frames(sys._getframe(depth))]
    if not frames:
        return
    key = (symbol, kind, tuple(frames))
    if key in _SEEN:
        return
    _SEEN.add(key)
    _write({'symbol': symbol, 'kind': kind, 'frames': frames})


class _TracedModule(types.ModuleType):
    def __getattribute__(self, name):
        value = types.ModuleType.__getattribute__(self, name)
        if name[:2] != '__':
            symbol = _BY_ID.get(id(value))
            if symbol is not None:
                _record(symbol, 'fetch')
        return value


def _wrap_function(fn, symbol):
    import functools

    @functools.wraps(fn)
    def traced(*args, **kwargs):
        _record(symbol, 'call')
        return fn(*args, **kwargs)
    return traced


def _wrap_class(cls, symbol):
    original = cls.__dict__.get('__init__')
    if original is None:
        def __init__(self, *args, **kwargs):
            _record(symbol, 'call')
            super(cls, self).__init__(*args, **kwargs)
    else:
        def __init__(self, *args, **kwargs):
            _record(symbol, 'call')
            return original(self, *args, **kwargs)
    try:
        cls.__init__ = __init__
    except TypeError:
        pass  # a built-in type: fetches are still recorded


def _imported(name, package, fromlist):
    """Records the declared modules an import in a repository frame names (`name` relative with leading dots): the module, or one it takes from."""
    try:
        caller = sys._getframe(2)
    except ValueError:
        return  # called from C (the interpreter importing for itself), with no Python frame above
    if _rel(caller.f_code.co_filename) is None:
        return  # the standard library or a package importing for itself: no unit of ours did
    try:
        absolute = _resolve_name(name, package)
    except ImportError:
        return  # beyond the top-level package, or relative with no package: the import itself failed
    symbol = _MODULES.get(absolute)
    if symbol is not None:
        _record(symbol, 'fetch', 3)
    for item in fromlist or ():
        symbol = _MODULES.get('%s.%s' % (absolute, item))
        if symbol is not None:
            _record(symbol, 'fetch', 3)


def _package_of(globals_):
    if not globals_:
        return None
    package = globals_.get('__package__')
    if package is None and '__name__' in globals_:
        package = globals_['__name__'] if '__path__' in globals_ else globals_['__name__'].rpartition('.')[0]
    return package


def _watch_imports():
    """An import statement of a module loaded already reaches no finder: `__import__` and import_module are wrapped."""
    global _resolve_name
    import builtins
    import importlib
    import importlib.util
    _resolve_name = importlib.util.resolve_name
    original_import = builtins.__import__
    original_import_module = importlib.import_module

    def __import__(name, globals=None, locals=None, fromlist=(), level=0):
        module = original_import(name, globals, locals, fromlist, level)
        _imported('.' * level + name, _package_of(globals), fromlist)
        return module

    def import_module(name, package=None):
        module = original_import_module(name, package)
        _imported(name, package, ())
        return module
    builtins.__import__ = __import__
    importlib.import_module = import_module


def _watch(module):
    names = _BY_MODULE.get(module.__name__)
    if not names:
        return
    for name, symbol in names:
        if name is None:
            value = module
        elif name in module.__dict__:
            value = module.__dict__[name]
        else:
            continue
        if id(value) in _BY_ID:
            continue
        if name is not None and isinstance(value, types.FunctionType):
            wrapped = _wrap_function(value, symbol)
            for other, v in list(module.__dict__.items()):
                if v is value:
                    setattr(module, other, wrapped)
            value = wrapped
        elif isinstance(value, type):
            _wrap_class(value, symbol)
        _BY_ID[id(value)] = symbol
        _KEEP.append(value)
    home = getattr(module, '__file__', None)
    if home:
        _HOME.add(os.path.realpath(home))
    try:
        module.__class__ = _TracedModule
    except TypeError:
        pass


class _Finder:
    """Watches the declared modules only: every other import goes by untouched."""

    def find_spec(self, fullname, path, target=None):
        if fullname not in _BY_MODULE:
            return None
        import importlib.machinery
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if loader is None or not hasattr(loader, 'exec_module'):
            return spec
        exec_module = loader.exec_module

        class _Loader:
            def __getattr__(self, name):
                return getattr(loader, name)

            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                exec_module(module)
                _watch(module)
        spec.loader = _Loader()
        return spec


def start():
    global _PLAN, _ROOT, _TRACKED
    plan_file = os.environ.get('SSOT_GUARD_TRACE_PLAN')
    if not plan_file or _PLAN is not None:
        return
    with open(plan_file, encoding='utf-8') as f:
        _PLAN = _load(f)
    _ROOT = os.path.realpath(_PLAN['root'])
    for entry in _PLAN['symbols']:
        _BY_MODULE.setdefault(entry['module'], []).append((entry.get('name'), entry['symbol']))
        if entry.get('name') is None:
            _MODULES[entry['module']] = entry['symbol']
    tracked = _PLAN.get('tracked', [])
    _TRACKED = frozenset(tracked)
    for rule in _PLAN.get('rules', []):
        files = frozenset(tracked[i] for i in rule['files'])
        for symbol in rule['symbols']:
            scopes = _SCOPES.setdefault(symbol, [])
            if files not in scopes:
                scopes.append(files)
    _open()
    import atexit
    atexit.register(_end)
    os.register_at_fork(after_in_child=_after_fork)
    # A forked child that leaves by os._exit (the usual `if pid == 0: ...; os._exit(0)`) skips
    # atexit: its end marker is written on the way out, or the report calls it killed.
    os._exit = _exit_ended
    sys.meta_path.insert(0, _Finder())
    if _MODULES:
        _watch_imports()
    for name in list(_BY_MODULE):
        if name in sys.modules:
            _watch(sys.modules[name])
