import { parser } from './grammar/parser.js';
import type { SyntaxNode, SyntaxNodeRef, Tree } from '@lezer/common';
import {
  MODULE_UNIT,
  type AliasBinding,
  type ClassFact,
  type DynamicImport,
  type FactWarning,
  type FileFacts,
  type ImportFact,
  type ImportedName,
  type Position,
  type Suppression,
  type UnitName,
} from '../../model/index.js';
import { decodeSource } from './decode-source.js';
import { lineIndex } from '../line-index.js';
import { stringLiteralValue } from './string-literal.js';
import { dynamicTarget, keepDynamicImports, mayBeDynamicImportCallee, type CallArgument, type CallArguments, type DynamicCandidate } from './dynamic-import.js';
import { stringAnnotationNames } from './string-annotation.js';
import { assembleFacts } from './assemble-facts.js';
import { children, dottedChainIn } from './syntax-nodes.js';
import { importBoundNames, type RawReference } from '../reference-packer.js';
import { parseSuppression } from '../suppression-comment.js';
import { limitNesting, MAX_BRACKET_DEPTH } from './limit-nesting.js';
import { salvageImports, salvageStopped } from './salvage-imports.js';
import { parseBounded } from './bounded-parse.js';
import { extractFactsFast } from './fast/extract.js';

export { PYTHON_FACTS_VERSION } from './facts-version.js';

const MAX_SYNTAX_WARNINGS = 3;
const BRACKETED_TARGET = new Set(['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression']);

/**
 * A Python file's facts: the fast extractor's (fast/extract.ts), or, where it
 * does not answer, the lezer walk's, which are the reference.
 */
export function extractPythonFacts(bytes: Uint8Array): FileFacts {
  const { text, warnings } = decodeSource(bytes);
  return extractFactsFast(text, warnings) ?? lezerFacts(text, warnings);
}

/** The lezer walk's facts alone: the reference the fast extractor is compared with (verify:real, tests). */
export function extractPythonFactsLezer(bytes: Uint8Array): FileFacts {
  const { text, warnings } = decodeSource(bytes);
  return lezerFacts(text, warnings);
}

/** The fast extractor's facts alone, null where it leaves the file to lezer. */
export function extractPythonFactsFast(bytes: Uint8Array): FileFacts | null {
  const { text, warnings } = decodeSource(bytes);
  return extractFactsFast(text, warnings);
}

function lezerFacts(text: string, warnings: FactWarning[]): FileFacts {
  const limited = limitNesting(text);
  if (limited.firstTooDeep >= 0) {
    warnings.push({
      code: 'syntax', ...lineIndex(text)(limited.firstTooDeep),
      message: `brackets nested more than ${MAX_BRACKET_DEPTH} deep (CPython refuses the file); the expression is skipped, imports around it are still checked`,
    });
  }
  const parsed = parseBounded(limited.text);
  if (parsed.stoppedAt >= 0) {
    warnings.push({
      code: 'too-broken', ...lineIndex(text)(parsed.stoppedAt),
      message:
        'too many syntax errors to read (CPython refuses this file): parsing stopped here, and the rest was only searched for import lines, ' +
        'so the file was NOT fully checked; fix the syntax, or list the file under "exclude" in ssot-guard.config.json',
    });
  }
  return extractFromText(limited.text, warnings, parsed.tree);
}

/** Exposed for incremental parsing: the watcher can pass a tree built with fragments. */
export function parsePython(text: string): Tree {
  return parser.parse(text);
}

export function extractFromText(text: string, warnings: FactWarning[] = [], tree: Tree = parsePython(text)): FileFacts {
  const walker = new FactWalker(text, warnings);
  walker.walk(tree);
  if (walker.hasSyntaxErrors) {
    const salvaged = salvageImports(text, tree, walker.importRanges, walker.typeOnlyBodies, importsOfSnippet);
    walker.addSalvaged(salvaged.imports);
    if (salvaged.stoppedAt >= 0) warnings.push(salvageStopped(lineIndex(text)(salvaged.stoppedAt)));
  }
  return walker.result();
}

/** The imports of one statement read on its own (the salvage pass), or null when it does not parse cleanly. */
function importsOfSnippet(snippet: string): readonly ImportFact[] | null {
  const walker = new FactWalker(snippet, []);
  walker.walk(parsePython(snippet));
  return walker.hasSyntaxErrors ? null : walker.importsRead;
}

/** A statement directly in the module body: not under `if`, `try`, `with`, a loop, a def or a class. */
function isModuleBody(node: SyntaxNode | null | undefined): boolean {
  return node?.name === 'Script';
}

/**
 * Whether a statement may not run when its unit does: it stands under an
 * `if`, `try`, loop, `with` or `match`, not directly in the module body or
 * in a def's or class's body (`a; b` on one line counts as standing there).
 */
function isGuarded(statement: SyntaxNode): boolean {
  let parent = statement.parent;
  if (parent?.name === 'StatementGroup') parent = parent.parent;
  if (!parent || parent.name === 'Script') return false;
  const owner = parent.parent?.name;
  return !(parent.name === 'Body' && (owner === 'FunctionDefinition' || owner === 'ClassDefinition'));
}

/** What is in force at a node; each frame carries it whole so lookups are O(1) at any depth. */
interface Frame {
  /** Identifies the node that opened the frame, so `leave` pops only its own. */
  readonly from: number;
  readonly type: string;
  readonly unit: UnitName;
  /** Qualified name of the innermost def or class, the prefix for nested defs. */
  readonly qualifier: string;
  readonly typeOnly: boolean;
  /** Inside a def or class body: not module level. */
  readonly nested: boolean;
  /** Inside a type annotation (`x: T`, `-> T`, a parameter's): names here are annotation uses. */
  readonly annotation: boolean;
}

const ROOT: Frame = { from: -1, type: 'Script', unit: MODULE_UNIT, qualifier: '', typeOnly: false, nested: false, annotation: false };

/**
 * One pass over the syntax tree, iterative (lezer's `iterate`), so a file nested
 * ten thousand levels deep cannot overflow the JS stack.
 */
class FactWalker {
  private readonly pos: (offset: number) => Position;
  private readonly imports: ImportFact[] = [];
  private readonly aliases: AliasBinding[] = [];
  private readonly definitions = new Set<string>();
  /** Per name, whether its last module-level binding is an unindented definition of its own (true) or an import or alias, anywhere (false). */
  private readonly lastDirect = new Map<string, boolean>();
  private dunderAll: string[] | null = null;
  private readonly rawRefs: RawReference[] = [];
  private readonly rawMethodCalls: RawReference[] = [];
  private readonly classes: ClassFact[] = [];
  /** Class statements by start offset, so a def in the body adds its name to the class's methods. */
  private readonly classAt = new Map<number, ClassFact>();
  /** Callees of calls and bases of class statements, by start offset, with their end: a reference spanning one is a call or a base. */
  private readonly callees = new Map<number, number>();
  private readonly bases = new Map<number, number>();
  /** Offsets of def/class names and parameters: they bind, they do not use. */
  private readonly bindingNames = new Set<number>();
  private readonly suppressions: Suppression[] = [];
  private readonly stack: Frame[] = [];
  /** Start offsets of `if TYPE_CHECKING:` bodies (read by the salvage pass too). */
  readonly typeOnlyBodies = new Set<number>();
  /** [from, to) of every import statement the parser read, so the salvage pass does not read one twice. */
  readonly importRanges: Array<readonly [number, number]> = [];
  private syntaxErrors = 0;
  /** Calls that may be dynamic imports, decided when the walk is done (dynamicCallees). */
  private readonly dynamicCandidates: DynamicCandidate[] = [];

  constructor(
    private readonly text: string,
    private readonly warnings: FactWarning[],
  ) {
    this.pos = lineIndex(text);
  }

  walk(tree: Tree): void {
    tree.iterate({
      enter: (ref) => this.enter(ref),
      leave: (ref) => {
        const top = this.stack[this.stack.length - 1];
        if (top && top.from === ref.from && top.type === ref.name) this.stack.pop();
      },
    });
  }

  get hasSyntaxErrors(): boolean {
    return this.syntaxErrors > 0;
  }

  get importsRead(): readonly ImportFact[] {
    this.dynamicCallees();
    return this.imports;
  }

  /** Imports found in regions the parser could not read (salvage-imports.ts), already positioned. */
  addSalvaged(imports: readonly ImportFact[]): void {
    // One by one: spread, a file's hundred thousand salvaged imports overflow the stack.
    for (const imp of imports) this.imports.push(imp);
  }

  result(): FileFacts {
    this.dynamicCallees();
    return assembleFacts({
      imports: this.imports, aliases: this.aliases, definitions: this.definitions, lastDirect: this.lastDirect, dunderAll: this.dunderAll,
      references: this.rawRefs, methodCalls: this.rawMethodCalls, classes: this.classes, suppressions: this.suppressions, warnings: this.warnings,
      pos: this.pos,
    });
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1] ?? ROOT;
  }

  private get unit(): UnitName {
    return this.top.unit;
  }

  private get typeOnly(): boolean {
    return this.top.typeOnly;
  }

  private get atModuleLevel(): boolean {
    return !this.top.nested;
  }

  /** Frames exist only for what changes context: defs, classes, annotations and `if TYPE_CHECKING:` bodies. */
  private openScope(node: SyntaxNode): void {
    const parent = this.top;
    const type = node.name;
    const nameNode = node.getChild('VariableName');
    if (nameNode) this.bindingNames.add(nameNode.from);
    const name = nameNode ? this.slice(nameNode) : '?';
    const qualified = parent.qualifier ? `${parent.qualifier}.${name}` : name;
    const unit = type === 'FunctionDefinition' ? qualified : parent.unit;
    if (type === 'ClassDefinition') {
      const fact: ClassFact = { name: qualified, unit: parent.unit, methods: [], ...this.pos(nameNode?.from ?? node.from) };
      this.classes.push(fact);
      this.classAt.set(node.from, fact);
      this.markBases(node);
    } else if (parent.type === 'ClassDefinition') (this.classAt.get(parent.from)!.methods as string[]).push(name);
    this.stack.push({ from: node.from, type, unit, qualifier: qualified, typeOnly: parent.typeOnly, nested: true, annotation: false });
  }

  /** `class X(Base, pkg.Other, metaclass=M)`: Base and pkg.Other are bases (a keyword argument is not). */
  private markBases(node: SyntaxNode): void {
    const args = node.getChild('ArgList');
    if (!args) return;
    for (let c = args.firstChild; c; c = c.nextSibling) {
      if (c.nextSibling?.name === 'AssignOp') {
        c = c.nextSibling.nextSibling;
        if (!c) return;
        continue;
      }
      if (c.name === 'VariableName' || c.name === 'MemberExpression') this.bases.set(c.from, c.to);
    }
  }

  /** `f(...)`, `m.Name(...)`: the callee is called; `x.attr(...)`, on any receiver, is a call of attribute `attr`. */
  private markCall(node: SyntaxNode): void {
    const callee = node.firstChild;
    if (!callee || (callee.name !== 'VariableName' && callee.name !== 'MemberExpression')) return;
    this.callees.set(callee.from, callee.to);
    const attribute = callee.name === 'MemberExpression' ? callee.lastChild : null;
    if (attribute?.name === 'PropertyName') this.rawMethodCalls.push({ unit: this.unit, dotted: this.slice(attribute), from: attribute.from, role: 'call' });
  }

  /**
   * Returns whether to descend. Most nodes are only looked at by type: a
   * SyntaxNode is materialised just for the few kinds we read.
   */
  private enter(ref: SyntaxNodeRef): boolean {
    if (ref.type.isError) {
      this.syntaxError(ref.from);
      return true;
    }
    switch (ref.name) {
      case 'ImportStatement': {
        const node = ref.node;
        const before = this.imports.length;
        this.importStatement(node);
        // Any import at module level, even under `try`, may be what the name is: only a later unindented definition overrides it.
        if (this.atModuleLevel) for (const name of importBoundNames(this.imports.slice(before), [])) this.lastDirect.set(name, false);
        return false;
      }
      case 'Comment':
        this.comment(ref.from, ref.to);
        return false;
      case 'String':
        if (!this.stringClosed(ref.from, ref.to)) this.syntaxError(ref.from);
        else if (this.top.annotation) this.stringAnnotation(ref.from, ref.to);
        return false;
      case 'Number':
        return false;
      case 'FunctionDefinition':
      case 'ClassDefinition': {
        const node = ref.node;
        if (this.atModuleLevel) {
          const name = this.nameOf(node);
          this.definitions.add(name);
          const parent = node.parent?.name === 'DecoratedStatement' ? node.parent.parent : node.parent;
          if (isModuleBody(parent)) this.lastDirect.set(name, true);
        }
        this.openScope(node);
        return true;
      }
      case 'Body':
        if (this.typeOnlyBodies.has(ref.from)) this.stack.push({ ...this.top, from: ref.from, type: 'Body', typeOnly: true });
        return true;
      case 'TypeDef':
        this.stack.push({ ...this.top, from: ref.from, type: 'TypeDef', annotation: true });
        return true;
      case 'ParamList':
        for (let c = ref.node.firstChild; c; c = c.nextSibling) if (c.name === 'VariableName') this.bindingNames.add(c.from);
        return true;
      case 'IfStatement':
        this.markTypeCheckingBody(ref.node);
        return true;
      case 'AssignStatement':
        if (this.atModuleLevel) this.moduleAssignment(ref.node);
        return true;
      case 'UpdateStatement':
        if (this.atModuleLevel) this.dunderAllUpdate(ref.node);
        return true;
      case 'ExpressionStatement':
        if (this.atModuleLevel) this.dunderAllCall(ref.node);
        return true;
      case 'CallExpression': {
        const node = ref.node;
        this.markCall(node);
        this.maybeDynamicImport(node);
        return true;
      }
      case 'MemberExpression': {
        const node = ref.node;
        const dotted = this.dottedChain(node);
        if (dotted === null) return true;
        this.reference(node.from, node.to, dotted);
        return false;
      }
      case 'VariableName':
        if (!this.bindingNames.has(ref.from)) this.reference(ref.from, ref.to, this.text.slice(ref.from, ref.to));
        return false;
      default:
        return true;
    }
  }

  /** A triple-quoted string lezer ran to the end of the file is not one CPython accepts; it may hide imports. */
  private stringClosed(from: number, to: number): boolean {
    let q = from;
    while (q < to && /[rRbBuUfF]/.test(this.text[q]!)) q++;
    const quote = this.text.slice(q, q + 3);
    if (quote !== '"""' && quote !== "'''") return true;
    return to - q >= 6 && this.text.startsWith(quote, to - 3);
  }

  private importStatement(node: SyntaxNode): void {
    this.importRanges.push([node.from, node.to]);
    const at = this.pos(node.from);
    const base = { unit: this.unit, typeOnly: this.typeOnly, ...(isGuarded(node) ? { guarded: true } : {}), line: at.line, column: at.column };
    const kids = children(node);
    // The walk does not descend into an import: an error in it (`import` alone on a line) is found here.
    for (const k of kids) if (k.type.isError) this.syntaxError(k.from);
    if (kids[0]?.name === 'from') {
      let i = 1;
      let level = 0;
      for (; i < kids.length && (kids[i]!.name === '.' || kids[i]!.name === 'Ellipsis'); i++) level += kids[i]!.to - kids[i]!.from;
      const parts: string[] = [];
      for (; i < kids.length && kids[i]!.name !== 'import'; i++) if (kids[i]!.name === 'VariableName') parts.push(this.slice(kids[i]!));
      const names: ImportedName[] = [];
      for (i++; i < kids.length; i++) {
        const k = kids[i]!;
        if (k.name === '*') names.push({ name: '*', bound: null, ...this.pos(k.from) });
        else if (k.name === 'VariableName') {
          const name = this.slice(k);
          const next = kids[i + 1];
          const alias = next?.name === 'as' ? kids[i + 2] : undefined;
          if (alias) i += 2;
          names.push({ name, bound: alias ? this.slice(alias) : name, ...this.pos(k.from) });
        }
      }
      this.imports.push({ kind: 'from', module: parts.join('.'), level, names, ...base });
      return;
    }
    // `import a.b as c, d`: segments joined by '.', clauses split by ','.
    let parts: string[] = [];
    let start = node.from;
    const flush = (alias: string | null): void => {
      if (parts.length === 0) return;
      const module = parts.join('.');
      const p = this.pos(start);
      this.imports.push({
        kind: 'import', module, level: 0, bound: alias ?? parts[0]!, boundIsModule: alias !== null || parts.length === 1,
        ...base, line: p.line, column: p.column,
      });
      parts = [];
    };
    for (let i = 1; i < kids.length; i++) {
      const k = kids[i]!;
      if (k.name === 'VariableName') {
        if (parts.length === 0) start = k.from;
        parts.push(this.slice(k));
      } else if (k.name === 'as') {
        const alias = kids[i + 1];
        flush(alias ? this.slice(alias) : null);
        i++;
      } else if (k.name === ',') flush(null);
    }
    flush(null);
  }

  /**
   * A call with a string-literal module name that may be `importlib.import_module`
   * or `__import__`: which one the callee is, is decided once the whole file's
   * imports are known (dynamicCallees), by what the callee's name is bound to,
   * not by how it is spelled.
   */
  private maybeDynamicImport(node: SyntaxNode): void {
    const callee = node.firstChild;
    const args = node.lastChild;
    if (!callee || !args || args.name !== 'ArgList') return;
    const name = this.dottedChain(callee);
    if (name === null || !mayBeDynamicImportCallee(name)) return;
    const target = dynamicTarget(this.callArguments(args));
    if (!target) return;
    const { module, level, emptyFromlist, absolute } = target;
    // `import_module("m").Name.attr`: the attributes read off the call's value.
    let outer: SyntaxNode = node;
    const attrs: string[] = [];
    for (let p = node.parent; p?.name === 'MemberExpression' && p.firstChild?.from === outer.from && p.firstChild.to === outer.to; p = p.parent) {
      const prop = p.lastChild;
      if (prop?.name !== 'PropertyName' || p.childAfter(outer.to)?.name !== '.') break;
      attrs.push(this.slice(prop));
      outer = p;
    }
    const parent = outer.parent;
    let bound: string | null = null;
    if (attrs.length === 0 && parent?.name === 'AssignStatement' && parent.lastChild?.from === node.from) {
      const targets = children(parent).filter((k) => k.name === 'VariableName');
      if (targets.length === 1) bound = this.slice(targets[0]!);
    }
    const at = this.pos(node.from);
    const fact: DynamicImport = {
      kind: 'dynamic', module, level, bound,
      ...(attrs.length ? { attribute: attrs.join('.') } : {}),
      ...(bound !== null && isGuarded(parent!) ? { guarded: true } : {}),
      unit: this.unit, typeOnly: this.typeOnly, line: at.line, column: at.column,
    };
    this.dynamicCandidates.push({ fact, callee: name, emptyFromlist, absolute });
    this.imports.push(fact);
  }

  /** Positional arguments, and keyword arguments by name (`f(a, b, package="x")`). */
  private callArguments(args: SyntaxNode): CallArguments {
    const positional: CallArgument[] = [];
    const keywords = new Map<string, CallArgument>();
    const argument = (node: SyntaxNode): CallArgument => ({ isString: node.name === 'String', text: this.slice(node) });
    let group: SyntaxNode[] = [];
    const flush = (): void => {
      if (group.length === 1) positional.push(argument(group[0]!));
      else if (group.length === 3 && group[0]!.name === 'VariableName' && group[1]!.name === 'AssignOp') keywords.set(this.slice(group[0]!), argument(group[2]!));
      else if (group.length) positional.push(argument(group[0]!));
      group = [];
    };
    for (const k of children(args)) {
      if (k.name === '(' || k.name === ')' || k.name === 'Comment') continue;
      if (k.name === ',') flush();
      else group.push(k);
    }
    flush();
    return { positional, keywords };
  }

  /** Drops the candidates that are not dynamic imports, once the whole file's bindings are known (keepDynamicImports). */
  private dynamicCallees(): void {
    keepDynamicImports(this.imports, this.dynamicCandidates, this.aliases, this.definitions);
    this.dynamicCandidates.length = 0;
  }

  private moduleAssignment(node: SyntaxNode): void {
    const kids = children(node);
    let lastOp = -1;
    kids.forEach((k, i) => { if (k.name === 'AssignOp') lastOp = i; });
    const value = kids[lastOp + 1];
    if (lastOp < 0 || !value) return;
    const lhs = kids.slice(0, lastOp);
    const targets = lhs.filter((k) => k.name === 'VariableName').map((k) => ({ name: this.slice(k), node: k }));
    for (const t of targets) this.definitions.add(t.name);
    const direct = isModuleBody(node.parent);
    for (const k of lhs) if (BRACKETED_TARGET.has(k.name)) this.addUnpacked(k);
    // `x = a, b` (no parentheses): the value is the whole tuple, not its first element.
    const rhs = kids.slice(lastOp + 1);
    const bareTuple = rhs.some((k) => k.name === ',');
    if (targets.some((t) => t.name === '__all__')) {
      this.dunderAll = bareTuple ? this.literalItems(rhs) : this.literalNames(value);
      return;
    }
    // `a, b = x, y` unpacks: no single alias target.
    const unpacks = bareTuple || lhs.some((k) => k.name === ',' || k.name === 'TypeDef');
    const target = unpacks ? null : this.dottedChain(value);
    for (const t of targets) if (target !== null) this.lastDirect.set(t.name, false);
    else if (direct) this.lastDirect.set(t.name, true);
    if (target === null) return;
    for (const t of targets) this.aliases.push({ name: t.name, target, ...(direct ? {} : { guarded: true }), ...this.pos(t.node.from) });
  }

  /** `(a, b) = ...`, `[c, *d] = ...`, `(e): int = ...`: the names inside bind too. */
  private addUnpacked(node: SyntaxNode): void {
    for (const k of children(node)) {
      if (k.name === 'VariableName') this.definitions.add(this.slice(k));
      else if (BRACKETED_TARGET.has(k.name)) this.addUnpacked(k);
    }
  }

  private dunderAllUpdate(node: SyntaxNode): void {
    const kids = children(node);
    if (kids[0]?.name !== 'VariableName' || this.slice(kids[0]) !== '__all__') return;
    const extra = kids[2] ? this.literalNames(kids[2]) : null;
    this.dunderAll = this.dunderAll && extra ? [...this.dunderAll, ...extra] : null;
  }

  /** `__all__.append("x")` / `__all__.extend([...])`: an update, as `__all__ += [...]` is. */
  private dunderAllCall(node: SyntaxNode): void {
    const call = node.firstChild;
    const callee = call?.name === 'CallExpression' ? call.firstChild : null;
    const method = callee ? this.slice(callee) : '';
    if ((method !== '__all__.append' && method !== '__all__.extend') || !this.dunderAll) return;
    const args = children(call!.lastChild!).filter((k) => !['(', ')', 'Comment'].includes(k.name));
    const arg = args.length === 1 || (args.length === 2 && args[1]!.name === ',') ? args[0]! : null;
    const extra = !arg ? null : method === '__all__.append' ? this.literalItems([arg]) : this.literalNames(arg);
    this.dunderAll = extra ? [...this.dunderAll, ...extra] : null;
  }

  private literalNames(node: SyntaxNode): string[] | null {
    if (!['ArrayExpression', 'TupleExpression', 'ParenthesizedExpression'].includes(node.name)) return null;
    return this.literalItems(children(node));
  }

  /** String literals separated by commas (brackets and comments around them allowed), else null. */
  private literalItems(items: readonly SyntaxNode[]): string[] | null {
    const out: string[] = [];
    for (const k of items) {
      if (k.name === 'String') {
        const v = stringLiteralValue(this.slice(k));
        if (v === null) return null;
        out.push(v);
      } else if (!['[', ']', '(', ')', ',', 'Comment'].includes(k.name)) return null;
    }
    return out;
  }

  private markTypeCheckingBody(node: SyntaxNode): void {
    const cond = node.firstChild?.nextSibling;
    if (!cond) return;
    const text = this.slice(cond);
    if (text !== 'TYPE_CHECKING' && text !== 'typing.TYPE_CHECKING') return;
    const body = cond.nextSibling;
    if (body?.name === 'Body') this.typeOnlyBodies.add(body.from);
  }

  private comment(from: number, to: number): void {
    const found = parseSuppression(this.text.slice(from, to));
    if (found) this.suppressions.push({ ...found, ...this.pos(from) });
  }

  /** Positions are computed later, only for references that survive the bound-name filter. */
  private reference(from: number, to: number, dotted: string): void {
    const role = this.callees.get(from) === to ? 'call' : this.bases.get(from) === to ? 'subclass' : this.top.annotation ? 'annotation' : 'reference';
    this.rawRefs.push({ unit: this.unit, dotted, from, role });
  }

  /** `x: "Manager"`, `-> Optional["pkg.Manager"]`: the names the string's expression references, at the string. */
  private stringAnnotation(from: number, to: number): void {
    for (const dotted of stringAnnotationNames(this.text.slice(from, to))) this.rawRefs.push({ unit: this.unit, dotted, from, role: 'annotation' });
  }

  /** `a.b.c` made only of names and dots, else null (calls, subscripts). */
  private dottedChain(node: SyntaxNode): string | null {
    return dottedChainIn(this.text, node);
  }

  private syntaxError(from: number): void {
    if (++this.syntaxErrors > MAX_SYNTAX_WARNINGS) return;
    const at = this.pos(from);
    const extra = this.syntaxErrors === MAX_SYNTAX_WARNINGS ? ' (further syntax errors not listed)' : '';
    this.warnings.push({ code: 'syntax', message: `syntax error: the file does not parse here; its imports are still checked${extra}`, ...at });
  }

  private nameOf(node: SyntaxNode): string {
    const name = node.getChild('VariableName');
    return name ? this.slice(name) : '?';
  }

  private slice(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }
}
