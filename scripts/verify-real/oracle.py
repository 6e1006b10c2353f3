#!/usr/bin/env python3
"""Oracle for `npm run verify:real`: import facts and name origins computed with
CPython's own `ast`, over a corpus of real Python code, for comparison with
ssot-guard's extractor and resolver. Standard library only.

    python3 oracle.py CONFIG.json OUT.json

CONFIG: {"roots": [{"name": "stdlib", "dir": "/usr/lib/python3.11",
                    "skipDirs": ["site-packages", "dist-packages"], "only": null}, ...]}
Each root is one python root; a file's repository path is "<name>/<path under dir>".
`only` restricts a root to some of its top-level directories.

OUT: {"corpus": {...}, "rejected": [...], "files": {path: record}} where a
record holds what ssot-guard's FileFacts hold (src/model/facts.ts) and, per
import, the module it names and the origin of every name it binds. The
definitions of each thing are in README.md beside this file; the code below
follows DESIGN.md's "Rule semantics", not ssot-guard's TypeScript.
"""
import ast
import io
import json
import multiprocessing
import os
import re
import sys
import time
import tokenize
import warnings

MODULE_UNIT = '<module>'
IMPORTERS = {'importlib.import_module', 'builtins.__import__'}
LINE_END = re.compile(r'\r\n|\r|\n')
PLAIN_STRING = re.compile(r'^([rRuU]?)(\'\'\'|"""|\'|")(.*)\2$', re.S)

# --------------------------------------------------------------------------
# Corpus


def corpus_files(roots):
    """(repo path, absolute path) of every .py file, sorted; symlinked files are read through."""
    out = []
    for root in roots:
        base = root['dir']
        only = root.get('only')
        skip = set(root.get('skipDirs') or []) | {'__pycache__'}
        for d, dirs, files in os.walk(base):
            rel = os.path.relpath(d, base)
            if rel == '.':
                dirs[:] = [x for x in dirs if x not in skip and (only is None or x in only)]
                if only is not None:
                    files = []
            else:
                dirs[:] = [x for x in dirs if x not in skip]
            for f in files:
                if f.endswith('.py'):
                    relpath = f if rel == '.' else f'{rel}/{f}'
                    out.append((f"{root['name']}/{relpath}", os.path.join(d, f)))
    out.sort()
    return out


# --------------------------------------------------------------------------
# Facts of one file


class Source:
    """Decoded text and CPython positions (1-based line, UTF-8 byte column) to ssot-guard's (UTF-16 column, 1-based)."""

    def __init__(self, data):
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        self.text = data.decode(encoding)  # 'utf-8-sig' drops a BOM
        if self.text.startswith('\ufeff'):
            self.text = self.text[1:]
        self.starts = [0] + [m.end() for m in LINE_END.finditer(self.text)]

    def line_text(self, lineno):
        s = self.starts[lineno - 1]
        e = self.starts[lineno] if lineno < len(self.starts) else len(self.text)
        return self.text[s:e]

    def char_col(self, lineno, col):
        line = self.line_text(lineno)
        if line.isascii():
            return col
        return len(line.encode('utf-8')[:col].decode('utf-8', 'replace'))

    def pos(self, lineno, col):
        line = self.line_text(lineno)
        if line.isascii():
            return lineno, col + 1
        prefix = line.encode('utf-8')[:col].decode('utf-8', 'replace')
        return lineno, len(prefix.encode('utf-16-le')) // 2 + 1

    def segment(self, node):
        s = self.starts[node.lineno - 1] + self.char_col(node.lineno, node.col_offset)
        e = self.starts[node.end_lineno - 1] + self.char_col(node.end_lineno, node.end_col_offset)
        return self.text[s:e]


def dotted(node):
    """`a.b.c` made of names and attribute accesses only, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return '.'.join(reversed(parts))


def is_type_checking(test):
    return (isinstance(test, ast.Name) and test.id == 'TYPE_CHECKING') or (
        isinstance(test, ast.Attribute) and test.attr == 'TYPE_CHECKING'
        and isinstance(test.value, ast.Name) and test.value.id == 'typing')


class Ctx:
    """Where a node stands: its unit, the qualified name of the innermost def/class, `if TYPE_CHECKING:`,
    the scope ('module', 'class', 'def') and whether it is a statement directly in the module's body."""
    __slots__ = ('unit', 'qualifier', 'type_only', 'scope', 'top')

    def __init__(self, unit, qualifier, type_only, scope, top):
        self.unit, self.qualifier, self.type_only, self.scope, self.top = unit, qualifier, type_only, scope, top

    def but(self, **kw):
        c = Ctx(self.unit, self.qualifier, self.type_only, self.scope, False)
        for k, v in kw.items():
            setattr(c, k, v)
        return c


class FactCollector:
    def __init__(self, src, tree):
        self.src = src
        self.imports = []
        self.aliases = []
        self.definitions = set()
        self.dunder_all = None
        # Module-scope binding events for the resolver: [line, col, name, kind, target, top]. kind: 'explicit'
        # (import, `X = Y` alias, `m = import_module("x")`), 'def' (def, class, other assignment), 'star'.
        self.events = []
        # `m = importlib.import_module("x")`: the call's bound name, found before the walk reaches the call.
        self.bound_calls = {}
        # `import_module("m").a.b`: the attributes read off a call's value, by the call.
        self.call_attrs = {}
        # Names the file's imports bind, with what they name (`import importlib as il`: il -> importlib).
        self.import_names = {}
        self.dynamic_candidates = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                chain, inner = [node.attr], node.value
                while isinstance(inner, ast.Attribute):
                    chain.insert(0, inner.attr)
                    inner = inner.value
                if isinstance(inner, ast.Call):
                    self.call_attrs.setdefault(id(inner), '.'.join(chain))
            elif isinstance(node, ast.Import):
                for a in node.names:
                    self.import_names[a.asname or a.name.split('.')[0]] = a.name if a.asname or '.' not in a.name else a.name.split('.')[0]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for a in node.names:
                    if a.name == '*':
                        if node.module == 'importlib':
                            self.import_names['import_module'] = 'importlib.import_module'
                    else:
                        self.import_names[a.asname or a.name] = f'{node.module}.{a.name}'
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                self.bound_calls[id(node.value)] = node.targets[0].id
            elif isinstance(node, ast.AnnAssign) and node.value is not None and isinstance(node.target, ast.Name):
                self.bound_calls[id(node.value)] = node.target.id
        self.walk(tree)
        self.keep_dynamic_imports()

    def callee_meaning(self, name, depth=0):
        """What a callee's dotted name is bound to in this file: an import's, a module-level alias's, the builtin."""
        root, _, rest = name.partition('.')
        rest = '.' + rest if rest else ''
        alias = next((a for a in self.aliases if a['name'] == root), None) if depth < 8 else None
        if alias is not None:
            inner = self.callee_meaning(alias['target'], depth + 1)
            return None if inner is None else inner + rest
        if root in self.import_names:
            return self.import_names[root] + rest
        return 'builtins.__import__' + rest if root == '__import__' and root not in self.definitions else None

    def keep_dynamic_imports(self):
        """`import_module`/`__import__` known by what the callee is bound to, not by how it is spelled."""
        drop = set()
        for rec, callee, event, empty_fromlist, absolute in self.dynamic_candidates:
            meaning = self.callee_meaning(callee)
            if meaning == 'importlib.import_module' or (meaning == 'builtins.__import__' and not absolute):
                rec['top'] = meaning == 'builtins.__import__' and empty_fromlist
                continue
            drop.add(id(rec))
            if event is not None:
                self.events.remove(event)
        self.imports = [r for r in self.imports if id(r) not in drop]

    def literal_str(self, node):
        """A string constant whose source is one plain literal spelling its value (no escapes, b/f prefix, concatenation)."""
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            return None
        m = PLAIN_STRING.match(self.src.segment(node))
        return node.value if m and m.group(3) == node.value else None

    def literal_names(self, node):
        if not isinstance(node, (ast.List, ast.Tuple)):
            return None
        out = []
        for e in node.elts:
            v = self.literal_str(e)
            if v is None:
                return None
            out.append(v)
        return out

    def pos(self, node):
        return self.src.pos(node.lineno, node.col_offset)

    def event(self, node, name, kind, target, ctx):
        if ctx.scope == 'module':
            self.events.append([node.lineno, node.col_offset, name, kind, target, ctx.top])

    def walk(self, tree):
        root = Ctx(MODULE_UNIT, '', False, 'module', False)
        stack = [(s, root.but(top=True)) for s in reversed(tree.body)]
        while stack:
            node, ctx = stack.pop()
            children = self.visit(node, ctx)
            if children is None:
                inner = ctx.but()
                children = [(c, inner) for c in ast.iter_child_nodes(node)]
            stack.extend(reversed(children))

    def visit(self, node, ctx):
        """Records what `node` says; returns its children with their context, or None for the same context."""
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if ctx.scope == 'module':
                self.definitions.add(node.name)
            self.event(node, node.name, 'def', None, ctx)
            q = f'{ctx.qualifier}.{node.name}' if ctx.qualifier else node.name
            is_def = not isinstance(node, ast.ClassDef)
            # A def's unit covers its parameters and return annotation; its decorators stand outside it.
            inner = ctx.but(qualifier=q, unit=q if is_def else ctx.unit, scope='def' if is_def else 'class')
            kids = [(d, ctx.but()) for d in node.decorator_list]
            kids += [(c, inner) for c in ast.iter_child_nodes(node) if c not in node.decorator_list]
            return kids
        if isinstance(node, ast.If):
            plain = ctx.but()
            body_ctx = ctx.but(type_only=True) if is_type_checking(node.test) else plain
            return [(node.test, plain)] + [(s, body_ctx) for s in node.body] + [(s, plain) for s in node.orelse]
        if isinstance(node, ast.Import):
            self.plain_import(node, ctx)
            return []
        if isinstance(node, ast.ImportFrom):
            self.from_import(node, ctx)
            return []
        if isinstance(node, ast.Call):
            self.maybe_dynamic(node, ctx)
        if ctx.scope == 'module':
            if isinstance(node, ast.Assign):
                self.assignment(node.targets, node.value, ctx)
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                self.annotated(node, ctx)
            elif isinstance(node, ast.AugAssign):
                if isinstance(node.target, ast.Name) and node.target.id == '__all__':
                    extra = self.literal_names(node.value) if isinstance(node.op, ast.Add) else None
                    self.dunder_all = self.dunder_all + extra if self.dunder_all is not None and extra is not None else None
            elif isinstance(node, ast.Expr):
                self.dunder_all_call(node.value)
        return None

    def base(self, ctx, node):
        line, col = self.pos(node)
        return {'unit': ctx.unit, 'typeOnly': ctx.type_only, 'line': line, 'column': col}

    def plain_import(self, node, ctx):
        for a in node.names:
            rec = self.base(ctx, a)
            bound = a.asname or a.name.split('.')[0]
            is_module = a.asname is not None or '.' not in a.name
            rec.update(kind='import', module=a.name, level=0, bound=bound, boundIsModule=is_module)
            self.imports.append(rec)
            self.event(a, bound, 'explicit', ['module', a.name if is_module else a.name.split('.')[0]], ctx)

    def from_import(self, node, ctx):
        rec = self.base(ctx, node)
        names = []
        for a in node.names:
            line, col = self.pos(a)
            bound = None if a.name == '*' else (a.asname or a.name)
            names.append({'name': a.name, 'bound': bound, 'line': line, 'column': col})
            if a.name == '*':
                self.event(a, None, 'star', [rec['line'], rec['column']], ctx)
            else:
                self.event(a, bound, 'explicit', ['from', a.name, rec['line'], rec['column']], ctx)
        rec.update(kind='from', module=node.module or '', level=node.level, names=names)
        self.imports.append(rec)

    def maybe_dynamic(self, call, ctx):
        callee = dotted(call.func)
        if callee is None or not call.args or ('.' in callee and callee.rsplit('.', 1)[1] not in ('import_module', '__import__')):
            return
        value = self.literal_str(call.args[0])
        if not value:
            return
        level = len(value) - len(value.lstrip('.'))
        module = value[level:]
        keywords = {k.arg: k.value for k in call.keywords if k.arg}
        package = call.args[1] if len(call.args) > 1 else keywords.get('package')
        package = self.literal_str(package) if package is not None else None
        absolute = False
        if level and package:
            parts = package.split('.')
            if level - 1 < len(parts):
                base = '.'.join(parts[:len(parts) - (level - 1)])
                module, level, absolute = (f'{base}.{module}' if module else base), 0, True
        fromlist = call.args[3] if len(call.args) > 3 else keywords.get('fromlist')
        empty_fromlist = fromlist is None or (isinstance(fromlist, ast.Constant) and fromlist.value is None) or (
            isinstance(fromlist, (ast.List, ast.Tuple)) and not fromlist.elts)
        rec = self.base(ctx, call)
        attribute = self.call_attrs.get(id(call))
        bound = None if attribute else self.bound_calls.get(id(call))
        rec.update(kind='dynamic', module=module, level=level, bound=bound, attribute=attribute)
        self.imports.append(rec)
        event = None
        if bound is not None:
            self.event(call, bound, 'explicit', ['dynamic', None, rec['line'], rec['column']], ctx)
            event = self.events[-1] if ctx.scope == 'module' else None
        self.dynamic_candidates.append((rec, callee, event, empty_fromlist, absolute))

    def assignment(self, targets, value, ctx):
        target = dotted(value)
        alias = target is not None and not any(isinstance(t, (ast.Tuple, ast.List, ast.Starred)) for t in targets)
        for t in targets:
            for n in target_names(t):
                self.definitions.add(n)
                if not (alias and isinstance(t, ast.Name)):
                    self.event(t, n, 'def', None, ctx)
        if any(isinstance(t, ast.Name) and t.id == '__all__' for t in targets):
            self.dunder_all = self.literal_names(value)
            return
        if alias:
            for t in targets:
                if isinstance(t, ast.Name):
                    line, col = self.pos(t)
                    self.aliases.append({'name': t.id, 'target': target, 'line': line, 'column': col})
                    self.event(t, t.id, 'explicit', ['alias', target], ctx)

    def annotated(self, node, ctx):
        """`X: T = v` defines X; it is not an alias even when v is a dotted name (the annotation says what X is)."""
        for n in target_names(node.target):
            self.definitions.add(n)
            self.event(node.target, n, 'def', None, ctx)
        if isinstance(node.target, ast.Name) and node.target.id == '__all__':
            self.dunder_all = self.literal_names(node.value)

    def dunder_all_call(self, call):
        """`__all__.append("x")` / `__all__.extend([...])` at module level: an update, as `__all__ += [...]` is."""
        if not isinstance(call, ast.Call) or dotted(call.func) not in ('__all__.append', '__all__.extend'):
            return
        if self.dunder_all is None:
            return
        extra = None
        if len(call.args) == 1 and not call.keywords:
            if call.func.attr == 'append':
                v = self.literal_str(call.args[0])
                extra = None if v is None else [v]
            else:
                extra = self.literal_names(call.args[0])
        self.dunder_all = self.dunder_all + extra if extra is not None else None


def target_names(t):
    """Names an assignment target binds: a name, or the names of a (nested, starred) tuple or list, parenthesised or not."""
    if isinstance(t, ast.Name):
        return [t.id]
    if isinstance(t, (ast.Tuple, ast.List)):
        return [n for e in t.elts for n in target_names(e)]
    if isinstance(t, ast.Starred):
        return target_names(t.value)
    return []


def extract(job):
    repo_path, abs_path = job
    with open(abs_path, 'rb') as f:
        data = f.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            tree = compile(data, abs_path, 'exec', ast.PyCF_ONLY_AST, dont_inherit=True)
        src = Source(data)
    except (SyntaxError, ValueError, UnicodeDecodeError, LookupError) as e:
        return {'path': repo_path, 'bytes': len(data), 'rejected': f'{type(e).__name__}: {e}'}
    c = FactCollector(src, tree)
    return {
        'path': repo_path, 'bytes': len(data),
        'imports': sorted(c.imports, key=lambda r: (r['line'], r['column'])),
        'aliases': c.aliases,
        'dunderAll': c.dunder_all,
        'definitions': sorted(c.definitions),
        'events': sorted(c.events, key=lambda e: (e[0], e[1])),  # for the resolver, not compared
    }


# --------------------------------------------------------------------------
# Modules and origins


class Corpus:
    def __init__(self, records):
        self.records = records
        self.file_of = {}      # module -> repo path, or None for a namespace package (a directory without __init__.py)
        self.module_of = {}
        self.is_package = set()
        self.clashes = []
        for path in sorted(records):
            root, rel = path.split('/', 1)
            segs = rel[:-3].split('/')
            init = segs[-1] == '__init__'
            if init:
                segs.pop()
            if not segs:
                continue
            name = '.'.join(segs)
            self.module_of[path] = name
            if init:
                self.is_package.add(path)
            if self.file_of.get(name) is not None:
                self.clashes.append((name, self.file_of[name], path))
            else:
                self.file_of[name] = path
            for i in range(1, len(segs)):
                self.file_of.setdefault('.'.join(segs[:i]), None)
        self.prepare()
        self.exports_memo = {}
        self.rebound = False

    def prepare(self):
        """Per file: the module each import names, and its module-level binding events by name (stars apart)."""
        for path, r in self.records.items():
            by_pos = {}
            for imp in r['imports']:
                imp['base'] = self.base_module(path, imp)
                by_pos[(imp['line'], imp['column'])] = imp
            events, stars = {}, []
            for line, col, name, kind, target, top in r['events']:
                at = (line, col)
                if kind == 'star':
                    base = by_pos[tuple(target)]['base']
                    if base is not None:
                        stars.append((at, base, top))
                    continue
                binding = None
                if kind == 'explicit':
                    how = target[0]
                    if how == 'alias':
                        binding = ('alias', target[1], name, at)
                    elif how == 'module':
                        binding = ('module', target[1])
                    else:
                        base = by_pos[(target[2], target[3])]['base']
                        if base is None:
                            continue  # a relative import above the top-level package binds nothing we can follow
                        if how == 'dynamic':
                            # `m = __import__("a.b")` binds `a`.
                            binding = ('module', base.split('.')[0] if by_pos[(target[2], target[3])].get('top') else base)
                        else:
                            sub = f'{base}.{target[1]}'
                            binding = ('module', sub) if sub in self.file_of else ('name', base, target[1])
                events.setdefault(name, []).append((at, kind, binding, top))
            r['_events'] = events
            r['_stars'] = stars
            r['_defs'] = set(r['definitions'])

    def base_module(self, path, imp):
        if imp['level'] == 0:
            return imp['module']
        me = self.module_of.get(path)
        if me is None:
            return None
        parts = me.split('.')
        if path not in self.is_package:
            parts.pop()
        up = imp['level'] - 1
        if up > len(parts) or (len(parts) - up == 0 and not imp['module']):
            return None
        parts = parts[:len(parts) - up]
        if imp['module']:
            parts.append(imp['module'])
        return '.'.join(parts) if parts else None

    def is_module(self, name):
        return name in self.file_of

    def winner(self, path, name, before=None):
        """What `name` is bound to at the end of the module: ('explicit', binding), ('def', None), ('star', module) or None.

        A binding certain to run last (a statement directly in the module's body, after every other binding of the
        name) wins. Otherwise control flow decides and we read it as a fallback pattern (`try: from _c import X`
        / `except ImportError: def X(...)`, `if sys.platform...`): an import or `X = Y` alias wins over a local
        definition (the last such binding in source order), a definition over a star import, and of several star
        imports the first that exports the name. With `before`, only the bindings made before that position count."""
        r = self.records[path]
        cands = list(r['_events'].get(name, ()))
        cands += [(at, 'star', base, top) for at, base, top in r['_stars'] if name in self.exports(base)]
        if before is not None:
            cands = [c for c in cands if c[0] < before]
        if not cands:
            return None
        fallback = None
        for kind in ('explicit', 'def'):
            of_kind = [c for c in cands if c[1] == kind]
            if of_kind:
                fallback = max(of_kind, key=lambda c: c[0])
                break
        fallback = fallback or min(cands, key=lambda c: c[0])
        last = max(cands, key=lambda c: c[0])
        if last[3] and last is not fallback:
            self.rebound = True  # told with the difference: the order of statements decided it
            return last[1], last[2]
        return fallback[1], fallback[2]

    def origin(self, module, name, walking=None):
        """(symbol, via): where `module.name` really comes from, and every name the walk delegated through."""
        walking = walking if walking is not None else set()
        me = f'{module}.{name}'
        if self.is_module(me):
            return me, []
        path = self.file_of.get(module)
        if path is None or (module, name) in walking:
            return me, []
        walking.add((module, name))
        try:
            w = self.winner(path, name)
            if w is None or w[0] == 'def':
                return me, []
            if w[0] == 'star':
                sym, via = self.origin(w[1], name, walking)
                return sym, [me] + via
            found = self.follow(path, module, w[1], walking)
            # An alias of a builtin or of an unbound name (`error = OSError`): the name is defined here.
            return (found[0], [me] + found[1]) if found is not None else (me, [])
        finally:
            walking.discard((module, name))

    def follow(self, path, module, b, walking):
        if b[0] == 'module':
            return b[1], []
        if b[0] == 'name':
            return self.origin(b[1], b[2], walking)
        return self.follow_alias(path, module, b[1], b[2], b[3], walking)

    def follow_alias(self, path, module, target, name, at, walking):
        """`X = a.b.c` in `module`: `a` as the module binds it, then each attribute (a submodule, or a plain
        attribute once the value is not a module). None when `a` is a builtin, unbound, or the alias loops.
        `a` is read as the module finally binds it (what `from module import a` sees), but in `X = X` (or
        `X = X.attr`) the right-hand X is the one bound before the alias."""
        key = ('alias', path, target)
        if key in walking:
            return None
        walking.add(key)
        try:
            root, *rest = target.split('.')
            w = self.winner(path, root, at if root == name else None)
            if w is None:
                return None
            if w[0] == 'def':
                # `Alias = LocalClass`: the class defined right here.
                return f'{module}.{target}', []
            if w[0] == 'star':
                sym, via = self.origin(w[1], root, walking)
            else:
                found = self.follow(path, module, w[1], walking)
                if found is None:
                    return None
                sym, via = found
            via = [f'{module}.{target}'] + via
            for i, seg in enumerate(rest):
                if not self.is_module(sym):
                    return f"{sym}.{'.'.join(rest[i:])}", via
                sym, more = self.origin(sym, seg, walking)
                via = via + more
            return sym, via
        finally:
            walking.discard(key)

    def exports(self, module, walking=None):
        """Names `from module import *` binds: its literal `__all__`, else its public module-level names, those its
        own star imports bind included."""
        if walking is None and module in self.exports_memo:
            return self.exports_memo[module]
        path = self.file_of.get(module)
        if path is None:
            return set()
        r = self.records[path]
        if r['dunderAll'] is not None:
            out = set(r['dunderAll'])
        else:
            walking = walking if walking is not None else set()
            if module in walking:
                return set()
            walking.add(module)
            names = set(r['_defs']) | set(r['_events'])
            for _, s, _ in r['_stars']:
                names |= self.exports(s, walking)
            walking.discard(module)
            out = {n for n in names if not n.startswith('_')}
        if not walking:
            self.exports_memo[module] = out
        return out

    def resolve_file(self, path):
        """Per import: the module it names, and the origin of each name it binds (a star import: of each name it exports)."""
        for imp in self.records[path]['imports']:
            if imp['kind'] != 'from' or imp['base'] is None:
                continue
            for n in imp['names']:
                if n['name'] == '*':
                    n['exports'] = {e: self.told_origin(imp['base'], e) for e in sorted(self.exports(imp['base']))}
                else:
                    n['origin'] = self.told_origin(imp['base'], n['name'])

    def told_origin(self, module, name):
        """[symbol, via] and, when a later unconditional statement rebinding a name decided it, 'rebound'."""
        self.rebound = False
        sym, via = self.origin(module, name)
        return [sym, via, 'rebound'] if self.rebound else [sym, via]


def main():
    config_path, out_path = sys.argv[1], sys.argv[2]
    with open(config_path) as f:
        config = json.load(f)
    t0 = time.time()
    jobs = corpus_files(config['roots'])
    procs = config.get('processes') or os.cpu_count() or 1
    if procs > 1:
        with multiprocessing.get_context('fork').Pool(procs) as pool:
            results = pool.map(extract, jobs, chunksize=8)
    else:
        results = [extract(j) for j in jobs]
    t_parse = time.time() - t0
    rejected = [{'path': r['path'], 'error': r['rejected']} for r in results if 'rejected' in r]
    records = {r['path']: r for r in results if 'rejected' not in r}
    corpus = Corpus(records)
    for path in sorted(records):
        corpus.resolve_file(path)
    for r in records.values():
        for k in ('_events', '_stars', '_defs', 'events'):
            r.pop(k, None)
    out = {
        'python': sys.version.split()[0],
        'corpus': {'files': len(results), 'bytes': sum(r['bytes'] for r in results),
                   'byRoot': {root['name']: sum(1 for r in results if r['path'].startswith(root['name'] + '/'))
                              for root in config['roots']}},
        'rejected': rejected,
        'clashes': corpus.clashes,
        'seconds': {'parse': round(t_parse, 1), 'total': round(time.time() - t0, 1)},
        'files': records,
    }
    with open(out_path, 'w') as f:
        json.dump(out, f)


if __name__ == '__main__':
    main()
