import type { Rng } from './prng.js';
import { NOUNS, VERBS } from './names.js';

/** A name bound by an import (or defined locally) that generated code may use. */
export interface BoundName {
  /** How code refers to it: `Name`, `alias.Name`, `pkg.mod.Name`. */
  readonly expr: string;
  readonly kind: 'class' | 'function' | 'constant';
}

/** Appends Python lines and counts bytes, so modules can be grown to a target size. */
export class PyWriter {
  private readonly parts: string[] = [];
  bytes = 0;

  line(text = '', indent = 0): void {
    const s = text === '' ? '\n' : `${'    '.repeat(indent)}${text}\n`;
    this.parts.push(s);
    // Nearly all ASCII: string length is close enough to bytes for sizing.
    this.bytes += s.length;
  }

  block(lines: readonly string[], indent = 0): void {
    for (const l of lines) this.line(l, indent);
  }

  text(): string {
    return this.parts.join('');
  }
}

/**
 * Mentions of the legacy class that are text, not imports: the team's old
 * string-matching tests failed on exactly these, ssot-guard must not.
 */
export const LEGACY_MENTIONS = [
  'Do not reach for WebSocketManager here: the bridge owns the socket.',
  'Historically this used WebSocketManager directly (see the incident notes).',
  'WebSocketManager is shared across requests; never hold one per user.',
  'Events go out through AgentWebSocketBridge, not WebSocketManager.',
] as const;

/** An expression that uses a bound name the way its kind suggests. */
export function useOf(ref: BoundName, rng: Rng): string {
  switch (ref.kind) {
    case 'class':
      return `${ref.expr}(${rng.pick(['', 'name="default"', 'config=None'])})`;
    case 'function':
      return `${ref.expr}(${rng.pick(['{}', '"default"', '[], strict=True'])})`;
    case 'constant':
      return ref.expr;
  }
}

interface Template {
  readonly params: string;
  readonly returns: string;
  readonly async?: boolean;
  readonly body: (rng: Rng) => string[];
}

/** Function bodies of the kinds a backend is made of: loops over payloads, retries, I/O, async. */
const TEMPLATES: readonly Template[] = [
  {
    params: 'items: list[dict[str, Any]], *, strict: bool = False',
    returns: 'dict[str, Any]',
    body: () => [
      'result: dict[str, Any] = {}',
      'for index, item in enumerate(items):',
      '    key = item.get("id", index)',
      '    if strict and "value" not in item:',
      '        raise ValueError(f"item {key} has no value")',
      '    result[str(key)] = item.get("value")',
      'return result',
    ],
  },
  {
    params: 'raw: str | bytes | dict[str, Any], name: str = "default"',
    returns: 'dict[str, Any] | None',
    body: () => [
      'try:',
      '    payload = json.loads(raw) if isinstance(raw, (str, bytes)) else dict(raw)',
      'except (TypeError, ValueError) as exc:',
      '    logger.warning("could not decode %s: %s", name, exc)',
      '    return None',
      'payload.setdefault("source", name)',
      'return payload',
    ],
  },
  {
    params: 'data: list[float | None]',
    returns: 'float',
    body: (rng) => [
      'values = [v for v in data if v is not None]',
      'if not values:',
      '    return 0.0',
      'total = sum(float(v) for v in values)',
      `return round(total / len(values), ${rng.int(1, 6)})`,
    ],
  },
  {
    params: 'operation: Any, retries: int = 3',
    returns: 'Any',
    body: () => [
      'attempt = 0',
      'while attempt < retries:',
      '    attempt += 1',
      '    try:',
      '        return operation()',
      '    except RuntimeError:',
      '        time.sleep(min(2 ** attempt * 0.01, 1.0))',
      'raise TimeoutError(f"gave up after {attempt} attempts")',
    ],
  },
  {
    params: 'base_dir: str, name: str',
    returns: 'str',
    body: () => [
      'path = os.path.join(base_dir, f"{name}.json")',
      'with open(path, "w", encoding="utf-8") as handle:',
      '    json.dump({"name": name, "created": time.time()}, handle)',
      'return path',
    ],
  },
  {
    params: 'source: Any, limit: int = 100',
    returns: 'int',
    async: true,
    body: () => ['await asyncio.sleep(0)', 'events = [event async for event in source]', 'return min(len(events), limit)'],
  },
  {
    params: 'rows: list[tuple[str, int]]',
    returns: 'dict[str, list[int]]',
    body: (rng) => [
      'grouped: dict[str, list[int]] = {}',
      'for key, value in sorted(rows, key=lambda row: (row[0], -row[1])):',
      `    if value < ${rng.int(0, 50)}:`,
      '        continue',
      '    grouped.setdefault(key, []).append(value)',
      'return {k: v for k, v in grouped.items() if len(v) > 1}',
    ],
  },
  {
    params: 'text: str, *, width: int = 80',
    returns: 'list[str]',
    body: (rng) => [
      'words = text.replace("\\t", " ").split()',
      'lines: list[str] = []',
      'current = ""',
      'for word in words:',
      '    if len(current) + len(word) + 1 > width:',
      '        lines.append(current)',
      '        current = word',
      '    else:',
      '        current = f"{current} {word}".strip()',
      'if current:',
      '    lines.append(current)',
      `return lines[:${rng.int(10, 500)}]`,
    ],
  },
];

export interface FunctionSpec {
  readonly name: string;
  readonly indent: number;
  readonly method: boolean;
  /** Names from imports this function uses. */
  readonly refs?: readonly BoundName[];
  /** Imports written inside the function (lazy imports to break a cycle). */
  readonly localImports?: readonly string[];
  /** Extra statements planted before the template body. */
  readonly prelude?: readonly string[];
}

export function emitFunction(w: PyWriter, rng: Rng, spec: FunctionSpec): void {
  const t = rng.pick(TEMPLATES);
  const params = spec.method ? `self, ${t.params}` : t.params;
  const { indent } = spec;
  if (!spec.method && !t.async && rng.chance(0.1)) w.line('@functools.lru_cache(maxsize=128)', indent);
  w.line(`${t.async ? 'async ' : ''}def ${spec.name}(${params}) -> ${t.returns}:`, indent);
  if (rng.chance(0.6)) {
    const noun = rng.pick(NOUNS);
    w.line(`"""${capitalise(rng.pick(VERBS))} the ${noun}.`, indent + 1);
    w.line('', 0);
    w.line(`Keeps the ${noun} stable across retries; callers may pass partial data.`, indent + 1);
    w.line('"""', indent + 1);
  }
  if (rng.chance(0.25)) w.line(`# ${rng.pick(LEGACY_MENTIONS)}`, indent + 1);
  w.block(spec.localImports ?? [], indent + 1);
  w.block(spec.prelude ?? [], indent + 1);
  for (const ref of spec.refs ?? []) w.line(`_${rng.pick(NOUNS)} = ${useOf(ref, rng)}`, indent + 1);
  w.block(t.body(rng), indent + 1);
  w.line();
}

export function capitalise(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

export interface ClassSpec {
  readonly name: string;
  readonly base?: string;
  readonly methods: number;
  readonly refs?: readonly BoundName[];
  readonly localImports?: readonly string[];
}

export function emitClass(w: PyWriter, rng: Rng, spec: ClassSpec): void {
  if (rng.chance(0.25)) {
    w.line('@dataclass');
    w.line(`class ${spec.name}:`);
    w.line(`"""Settings for ${spec.name}."""`, 1);
    w.line();
    w.line(`name: str = "${spec.name.toLowerCase()}"`, 1);
    w.line(`retries: int = ${rng.int(1, 9)}`, 1);
    w.line('tags: list[str] = field(default_factory=list)', 1);
    w.line();
    return;
  }
  w.line(`class ${spec.name}${spec.base ? `(${spec.base})` : ''}:`);
  w.line(`"""${spec.name}: one per request; holds no global state."""`, 1);
  w.line();
  w.line(`_instances: int = 0`, 1);
  w.line();
  w.line('def __init__(self, name: str = "default", **options: Any) -> None:', 1);
  w.line('self.name = name', 2);
  w.line('self.options = dict(options)', 2);
  w.line(`self._cache: dict[str, Any] = {}`, 2);
  w.line();
  const taken = new Set<string>();
  const refs = [...(spec.refs ?? [])];
  for (let i = 0; i < spec.methods; i++) {
    let name = `${rng.pick(VERBS)}_${rng.pick(NOUNS)}`;
    while (taken.has(name)) name = `${name}_${i}`;
    taken.add(name);
    emitFunction(w, rng, {
      name: rng.chance(0.2) ? `_${name}` : name,
      indent: 1,
      method: true,
      refs: refs.splice(0, rng.int(0, 2)),
      localImports: i === 0 ? spec.localImports ?? [] : [],
    });
  }
}
