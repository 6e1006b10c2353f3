/**
 * A recursive-descent reader of Python statements and expressions over the
 * fast tokenizer's tokens, for exactly what FileFacts need. It builds no
 * tree: it tells the FactBuilder what lezer's walk (extract-facts.ts) would
 * record at each node, in the walk's order, with the walk's quirks (every
 * VariableName but a def/class name or a direct parameter is a reference;
 * `a.b.c` is one; `(m).Name` is `m.Name`; a reference spanning a call's
 * callee is a call, one spanning a class base a subclass use). Anything else
 * it gives up on (not-modelled.ts), and lezer reads the file.
 */
import type { ClassFact, DynamicImport, ImportedName, ReferenceRole, UnitName } from '../../../model/index.js';
import { MODULE_UNIT } from '../../../model/index.js';
import { stringLiteralValue } from '../string-literal.js';
import { stringAnnotationNames } from '../string-annotation.js';
import { dynamicTarget, mayBeDynamicImportCallee, type CallArgument } from '../dynamic-import.js';
import { FactBuilder, Place } from './fact-builder.js';
import { giveUp } from './not-modelled.js';
import { T, type Tokens } from './token-kinds.js';

/** What an expression is, as far as facts care (lezer's node type for the whole expression). */
const S = {
  OTHER: 0,
  /** A bare VariableName. */
  NAME: 1,
  /** A MemberExpression of names and dots, `a.b`, `(m).b`. */
  CHAIN: 2,
  /** A ParenthesizedExpression around a NAME or CHAIN, `(a)`, `((a.b))`. */
  PCHAIN: 3,
  /** One plain string literal token. */
  STRING: 4,
  /** A CallExpression. */
  CALL: 5,
  /** A TupleExpression, ArrayExpression or ParenthesizedExpression not around a chain (an unpacking target). */
  BRACKET: 6,
} as const;
type Shape = (typeof S)[keyof typeof S];

/** A top-level item of an expression list: `a`, `*b`, `c.d` in `a, *b, c.d = ...`. */
interface Item {
  readonly shape: Shape;
  /** Token indexes [start, end) of the item (after `*` for a starred one). */
  readonly start: number;
  readonly end: number;
  /** The dotted name of a NAME, CHAIN or PCHAIN item, else null. */
  readonly dotted: string | null;
  readonly starred: boolean;
  /** The dynamic-import candidate a CALL item is, if it is one. */
  readonly call: DynamicImport | null;
}

/** A part of an assignment between `=`s, with whether it has a top-level comma. */
interface ItemList {
  readonly items: readonly Item[];
  readonly comma: boolean;
  /** It ends with a comma, `x = a,`: its last child is the comma. */
  readonly trailingComma: boolean;
}

interface Scope {
  readonly unit: UnitName;
  /** Qualified name of the innermost def or class, the prefix for nested ones. */
  readonly qualifier: string;
  readonly typeOnly: boolean;
  /** Inside a def or class: not module level. */
  readonly nested: boolean;
  /** The class whose body this is, while a def here is one of its methods (not under `if TYPE_CHECKING:`). */
  readonly cls: ClassFact | null;
}

const HARD_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
  'while', 'with', 'yield',
]);

/** Words lezer's legacy `print x` tokenizer lets follow `print` in a Python 3 expression (grammar/tokens.js). */
const PRINT_OPERATOR_WORDS = new Set(['if', 'else', 'in', 'not', 'is', 'and', 'or', 'for', 'async', 'as']);

/** Tokens after a soft keyword (`match`, `case`, `type`) starting a statement that make it a plain name for sure. */
function softKeywordIsName(kind: number): boolean {
  return kind === T.EQUAL || kind === T.DOT || kind === T.AUG_ASSIGN || kind === T.NEWLINE || kind === T.SEMI || kind === T.COMMA;
}

export class StatementParser {
  private i = 0;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private scope: Scope = { unit: MODULE_UNIT, qualifier: '', typeOnly: false, nested: false, cls: null };
  /** Inside a type annotation (a TypeDef node): references are annotation uses. */
  private annotation = false;
  /** A dotted chain read but not yet recorded: what follows decides its role and whether it grows. */
  private pending = false;
  private pendingFrom = 0;
  private pendingDotted = '';
  /** The pending chain's first name. */
  private pendingRoot = '';
  /** Offset of the outermost `(` around the pending chain, -1 when it is not parenthesized. */
  private pendingParen = -1;
  private pendingTo = 0;
  /** The dynamic-import candidate the last call read is, or null. */
  private lastCall: DynamicImport | null = null;
  /** [from, to) of every import statement and (when asked) every chain reference: lezer reads no comment inside them. */
  readonly importRanges: number[] = [];
  readonly chainRanges: number[] = [];

  constructor(
    private readonly text: string,
    tokens: Tokens,
    private readonly b: FactBuilder,
    private readonly trackChains: boolean,
  ) {
    this.kinds = tokens.kinds;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
  }

  file(): void {
    while (this.kinds[this.i] !== T.END) this.statement(Place.Module);
  }

  // ------------------------------------------------------------ tokens

  private kind(at: number = this.i): number {
    return this.kinds[at]!;
  }

  private word(at: number = this.i): string {
    return this.text.slice(this.starts[at]!, this.ends[at]!);
  }

  private isWord(w: string, at: number = this.i): boolean {
    return this.kinds[at] === T.NAME && this.ends[at]! - this.starts[at]! === w.length && this.text.startsWith(w, this.starts[at]!);
  }

  private expect(kind: number): void {
    if (this.kinds[this.i] !== kind) giveUp();
    this.i++;
  }

  private expectWord(w: string): void {
    if (!this.isWord(w)) giveUp();
    this.i++;
  }

  /** Whether the token can start an expression. */
  private startsExpression(at: number = this.i): boolean {
    switch (this.kinds[at]) {
      case T.NAME: {
        const w = this.word(at);
        return !HARD_KEYWORDS.has(w) || w === 'None' || w === 'True' || w === 'False' || w === 'lambda' || w === 'not' || w === 'await';
      }
      case T.NUMBER:
      case T.STRING:
      case T.FSTRING_START:
      case T.LPAR:
      case T.LSQB:
      case T.LBRACE:
      case T.STAR:
      case T.ELLIPSIS:
        return true;
      case T.OP: {
        const c = this.text.charCodeAt(this.starts[at]!);
        return (c === 45 || c === 43 || c === 126) && this.ends[at]! - this.starts[at]! === 1;
      }
      default:
        return false;
    }
  }

  // ------------------------------------------------------------ references

  /** Records the pending chain, with `role` or (by default) as a reference or annotation use. */
  private resolve(role: ReferenceRole | null = null): void {
    if (!this.pending) return;
    this.pending = false;
    this.b.reference(this.scope.unit, this.pendingFrom, this.pendingDotted, this.pendingRoot, role ?? (this.annotation ? 'annotation' : 'reference'));
    if (this.trackChains) this.chainRanges.push(this.pendingFrom, this.pendingTo);
  }

  /** A name recorded on its own (`global x`, `except E as e`), never a call or a base. */
  private nameReference(at: number): void {
    const name = this.word(at);
    this.b.reference(this.scope.unit, this.starts[at]!, name, name, this.annotation ? 'annotation' : 'reference');
  }

  // ------------------------------------------------------------ statements

  private statement(place: Place): void {
    const k = this.kind();
    if (k === T.NAME) {
      switch (this.word()) {
        case 'def':
          this.funcDef(place);
          return;
        case 'class':
          this.classDef(place);
          return;
        case 'if':
          this.ifStatement();
          return;
        case 'while':
          this.i++;
          this.testNamedResolved();
          this.suite(Place.Guarded);
          this.elseClause();
          return;
        case 'for':
          this.forStatement();
          return;
        case 'try':
          this.tryStatement();
          return;
        case 'with':
          this.withStatement();
          return;
        case 'async': {
          const next = this.word(this.i + 1);
          if (this.kind(this.i + 1) !== T.NAME) giveUp();
          this.i++;
          if (next === 'def') this.funcDef(place);
          else if (next === 'for') this.forStatement();
          else if (next === 'with') this.withStatement();
          else giveUp();
          return;
        }
        case 'match':
        case 'case':
          if (!softKeywordIsName(this.kind(this.i + 1))) giveUp();
          break;
        case 'type':
          // A type alias is `type Name ... = ...`: followed by anything but a name (`type(x)`, `type: str`), `type` is a plain name.
          if (this.kind(this.i + 1) === T.NAME) giveUp();
          break;
        case 'print':
          this.legacyPrint();
          break;
      }
    } else if (k === T.AT) {
      this.decorated(place);
      return;
    }
    this.simpleLine(place);
  }

  /** Python 2's `print x`, which lezer reads as a print statement (grammar/tokens.js legacyPrint): left to lezer. */
  private legacyPrint(): void {
    const next = this.kind(this.i + 1);
    if (next === T.STRING || next === T.FSTRING_START || next === T.NUMBER || next === T.LBRACE) giveUp();
    if (next === T.OP && this.text.charCodeAt(this.starts[this.i + 1]!) === 126) giveUp();
    if (next === T.NAME && !PRINT_OPERATOR_WORDS.has(this.word(this.i + 1))) giveUp();
  }

  /** Small statements separated by `;` up to the end of the line (`a; b` is a StatementGroup in lezer). */
  private simpleLine(place: Place): void {
    let grouped = false;
    for (;;) {
      this.smallStatement(place, grouped);
      if (this.kind() !== T.SEMI) break;
      grouped = true;
      this.i++;
      if (this.kind() === T.NEWLINE) break;
    }
    this.expect(T.NEWLINE);
  }

  /** `:` then a block: a simple line, or NEWLINE INDENT statements DEDENT. */
  private suite(place: Place): void {
    this.expect(T.COLON);
    if (this.kind() !== T.NEWLINE) {
      this.simpleLine(place);
      return;
    }
    this.i++;
    this.expect(T.INDENT);
    while (this.kind() !== T.DEDENT) {
      if (this.kind() === T.END) giveUp();
      this.statement(place);
    }
    this.i++;
  }

  private elseClause(): void {
    if (!this.isWord('else')) return;
    this.i++;
    this.suite(Place.Guarded);
  }

  private ifStatement(): void {
    this.i++;
    const from = this.starts[this.i]!;
    this.testNamedResolved();
    const cond = this.text.slice(from, this.ends[this.i - 1]!);
    if (cond === 'TYPE_CHECKING' || cond === 'typing.TYPE_CHECKING') {
      const outer = this.scope;
      this.scope = { ...outer, typeOnly: true, cls: null };
      this.suite(Place.Guarded);
      this.scope = outer;
    } else this.suite(Place.Guarded);
    while (this.isWord('elif')) {
      this.i++;
      this.testNamedResolved();
      this.suite(Place.Guarded);
    }
    this.elseClause();
  }

  private forStatement(): void {
    this.i++;
    this.targetList();
    this.expectWord('in');
    this.expressionList();
    this.suite(Place.Guarded);
    this.elseClause();
  }

  /** `for` targets (lezer's `commaSep<"*"? expression>`): no `in` operator. */
  private targetList(): void {
    for (;;) {
      if (this.kind() === T.STAR) this.i++;
      this.orTest(true);
      this.resolve();
      if (this.kind() !== T.COMMA) return;
      this.i++;
      if (this.isWord('in')) return;
    }
  }

  private tryStatement(): void {
    this.i++;
    this.suite(Place.Guarded);
    while (this.isWord('except')) {
      this.i++;
      if (this.kind() === T.STAR) this.i++;
      if (this.kind() !== T.COLON) {
        this.testResolved();
        if (this.kind() === T.COMMA) giveUp(); // `except E, e`: Python 2
        if (this.isWord('as')) {
          this.i++;
          if (this.kind() !== T.NAME) giveUp();
          this.nameReference(this.i++);
        }
      }
      this.suite(Place.Guarded);
    }
    this.elseClause();
    if (this.isWord('finally')) {
      this.i++;
      this.suite(Place.Guarded);
    }
  }

  private withStatement(): void {
    this.i++;
    // `with (a as b, c):`, parenthesized items (3.10): the `)` is followed by the colon.
    if (this.kind() === T.LPAR && this.kind(this.matching(this.i) + 1) === T.COLON) {
      this.i++;
      while (this.kind() !== T.RPAR) {
        this.withItem();
        if (this.kind() !== T.COMMA) break;
        this.i++;
      }
      this.expect(T.RPAR);
    } else {
      for (;;) {
        this.withItem();
        if (this.kind() !== T.COMMA) break;
        this.i++;
      }
    }
    this.suite(Place.Guarded);
  }

  private withItem(): void {
    this.testResolved();
    if (!this.isWord('as')) return;
    this.i++;
    if (this.kind() === T.STAR) this.i++;
    this.orTest(false);
    this.resolve();
  }

  /** Index of the bracket closing the one at `open`. */
  private matching(open: number): number {
    let depth = 0;
    for (let j = open; ; j++) {
      const k = this.kinds[j];
      if (k === T.LPAR || k === T.LSQB || k === T.LBRACE) depth++;
      else if (k === T.RPAR || k === T.RSQB || k === T.RBRACE) {
        if (--depth === 0) return j;
      } else if (k === T.END) giveUp();
    }
  }

  private decorated(place: Place): void {
    while (this.kind() === T.AT) {
      this.i++;
      this.testNamedResolved();
      this.expect(T.NEWLINE);
    }
    if (this.isWord('async')) this.i++;
    if (this.isWord('def')) this.funcDef(place);
    else if (this.isWord('class')) this.classDef(place);
    else giveUp();
  }

  /** A def or class name: a definition at module level, its own when unindented (rebound). */
  private defined(place: Place, name: string): void {
    if (this.scope.nested) return;
    this.b.definitions.add(name);
    if (place === Place.Module) this.b.lastDirect.set(name, true);
  }

  private funcDef(place: Place): void {
    this.i++;
    if (this.kind() !== T.NAME) giveUp();
    const name = this.word();
    this.i++;
    if (this.kind() === T.LSQB) giveUp(); // PEP 695 type parameters
    this.defined(place, name);
    const outer = this.scope;
    if (outer.cls) (outer.cls.methods as string[]).push(name);
    const qualified = outer.qualifier ? `${outer.qualifier}.${name}` : name;
    this.scope = { unit: qualified, qualifier: qualified, typeOnly: outer.typeOnly, nested: true, cls: null };
    this.expect(T.LPAR);
    this.parameters(T.RPAR);
    this.expect(T.RPAR);
    if (this.kind() === T.ARROW) {
      this.i++;
      this.annotated();
    }
    this.suite(Place.Body);
    this.scope = outer;
  }

  private classDef(place: Place): void {
    this.i++;
    if (this.kind() !== T.NAME) giveUp();
    const nameAt = this.i;
    const name = this.word();
    this.i++;
    if (this.kind() === T.LSQB) giveUp(); // PEP 695 type parameters
    this.defined(place, name);
    const outer = this.scope;
    const qualified = outer.qualifier ? `${outer.qualifier}.${name}` : name;
    const fact: ClassFact = { name: qualified, unit: outer.unit, methods: [], ...this.b.pos(this.starts[nameAt]!) };
    this.b.classes.push(fact);
    this.scope = { unit: outer.unit, qualifier: qualified, typeOnly: outer.typeOnly, nested: true, cls: fact };
    if (this.kind() === T.LPAR) this.argumentList(true, null);
    this.suite(Place.Body);
    this.scope = outer;
  }

  /** A type annotation (lezer's TypeDef): its names are annotation uses. */
  private annotated(): void {
    const outer = this.annotation;
    this.annotation = true;
    this.testResolved();
    this.annotation = outer;
  }

  /**
   * A def's parameters up to `close` (RPAR), or a lambda's (COLON). Names
   * directly in the ParamList bind: the parameters, and a default that is a
   * bare name (`def f(a=b)`: lezer's `b` is a direct child too).
   */
  private parameters(close: number): void {
    const lambda = close === T.COLON;
    while (this.kind() !== close) {
      const k = this.kind();
      if (k === T.OP && this.text.charCodeAt(this.starts[this.i]!) === 47 && this.ends[this.i]! - this.starts[this.i]! === 1) {
        this.i++; // `/`
      } else if (k === T.STAR || k === T.DOUBLE_STAR) {
        this.i++;
        if (this.kind() === T.NAME) {
          this.i++;
          if (!lambda && this.kind() === T.COLON) {
            this.i++;
            // PEP 646: `*args: *Ts`.
            if (k === T.STAR && this.kind() === T.STAR) this.i++;
            this.annotated();
          }
        } else if (k === T.DOUBLE_STAR) giveUp();
      } else if (k === T.NAME) {
        if (HARD_KEYWORDS.has(this.word())) giveUp();
        this.i++;
        if (!lambda && this.kind() === T.COLON) {
          this.i++;
          this.annotated();
        }
        if (this.kind() === T.EQUAL) {
          this.i++;
          const next = this.kind(this.i + 1);
          if (this.kind() === T.NAME && !HARD_KEYWORDS.has(this.word()) && (next === T.COMMA || next === close)) this.i++;
          else this.testResolved();
        }
      } else giveUp();
      if (this.kind() !== T.COMMA) break;
      this.i++;
    }
    if (this.kind() !== close) giveUp();
  }

  private smallStatement(place: Place, grouped: boolean): void {
    if (this.kind() === T.NAME) {
      switch (this.word()) {
        case 'import':
          this.importStatement(place);
          return;
        case 'from':
          this.fromImport(place);
          return;
        case 'pass':
        case 'break':
        case 'continue':
          this.i++;
          return;
        case 'return':
          this.i++;
          if (this.startsExpression()) this.expressionList();
          return;
        case 'raise':
          this.i++;
          if (!this.startsExpression()) return;
          this.testResolved();
          if (this.isWord('from')) {
            this.i++;
            this.testResolved();
          } else if (this.kind() === T.COMMA) giveUp(); // Python 2
          return;
        case 'del':
          this.i++;
          this.expressionList();
          return;
        case 'global':
        case 'nonlocal':
          this.i++;
          for (;;) {
            if (this.kind() !== T.NAME) giveUp();
            this.nameReference(this.i++);
            if (this.kind() !== T.COMMA) return;
            this.i++;
          }
        case 'assert':
          this.i++;
          this.testResolved();
          if (this.kind() === T.COMMA) {
            this.i++;
            this.testResolved();
          }
          return;
        case 'yield':
          this.yieldExpression();
          return;
        default:
          if (HARD_KEYWORDS.has(this.word()) && !this.startsExpression()) giveUp();
      }
    }
    this.expressionStatement(place, grouped);
  }

  private importStatement(place: Place): void {
    const from = this.starts[this.i]!;
    const before = this.b.imports.length;
    this.i++;
    const base = this.importBase(place);
    for (;;) {
      if (this.kind() !== T.NAME) giveUp();
      const at = this.starts[this.i]!;
      const parts = this.dottedName();
      let alias: string | null = null;
      if (this.isWord('as')) {
        this.i++;
        if (this.kind() !== T.NAME) giveUp();
        alias = this.word();
        this.i++;
      }
      this.b.imports.push({
        kind: 'import', module: parts.join('.'), level: 0, bound: alias ?? parts[0]!, boundIsModule: alias !== null || parts.length === 1,
        ...base, ...this.b.pos(at),
      });
      if (this.kind() !== T.COMMA) break;
      this.i++;
    }
    this.importDone(from, before);
  }

  private fromImport(place: Place): void {
    const from = this.starts[this.i]!;
    const before = this.b.imports.length;
    this.i++;
    let level = 0;
    for (;;) {
      if (this.kind() === T.DOT) level++;
      else if (this.kind() === T.ELLIPSIS) level += 3;
      else break;
      this.i++;
    }
    const parts = this.kind() === T.NAME && !this.isWord('import') ? this.dottedName() : [];
    if (level === 0 && parts.length === 0) giveUp();
    this.expectWord('import');
    const names: ImportedName[] = [];
    if (this.kind() === T.STAR) {
      names.push({ name: '*', bound: null, ...this.b.pos(this.starts[this.i]!) });
      this.i++;
    } else {
      const paren = this.kind() === T.LPAR;
      if (paren) this.i++;
      for (;;) {
        if (this.kind() !== T.NAME) giveUp();
        const at = this.starts[this.i]!;
        const name = this.word();
        this.i++;
        let bound = name;
        if (this.isWord('as')) {
          this.i++;
          if (this.kind() !== T.NAME) giveUp();
          bound = this.word();
          this.i++;
        }
        names.push({ name, bound, ...this.b.pos(at) });
        if (this.kind() !== T.COMMA) break;
        this.i++;
        if (paren && this.kind() === T.RPAR) break;
      }
      if (paren) this.expect(T.RPAR);
    }
    this.b.imports.push({ kind: 'from', module: parts.join('.'), level, names, ...this.importBase(place), ...this.b.pos(from) });
    this.importDone(from, before);
  }

  private importBase(place: Place): { unit: UnitName; typeOnly: boolean; guarded?: boolean } {
    return { unit: this.scope.unit, typeOnly: this.scope.typeOnly, ...(place === Place.Guarded ? { guarded: true } : {}) };
  }

  private importDone(from: number, before: number): void {
    this.importRanges.push(from, this.ends[this.i - 1]!);
    // Any import at module level, even under `try`, may be what the name is: only a later unindented definition overrides it.
    if (!this.scope.nested) this.b.importedAtModuleLevel(before);
  }

  private dottedName(): string[] {
    const parts = [this.word()];
    this.i++;
    while (this.kind() === T.DOT) {
      this.i++;
      if (this.kind() !== T.NAME) giveUp();
      parts.push(this.word());
      this.i++;
    }
    return parts;
  }

  /** Assignment, augmented assignment, annotated assignment or a bare expression list. */
  private expressionStatement(place: Place, grouped: boolean): void {
    const first = this.itemList();
    const parts: ItemList[] = [first];
    let annotated = false;
    let update = false;
    if (this.kind() === T.COLON) {
      this.i++;
      annotated = true;
      this.annotated();
      if (this.kind() === T.EQUAL) {
        this.i++;
        parts.push(this.valueList());
      }
      if (this.kind() === T.EQUAL) giveUp();
    } else if (this.kind() === T.AUG_ASSIGN) {
      this.i++;
      update = true;
      parts.push(this.valueList());
    } else {
      while (this.kind() === T.EQUAL) {
        this.i++;
        parts.push(this.valueList());
      }
    }
    const assignment = parts.length > 1 && !update;
    if (assignment) this.boundCall(parts, place);
    if (this.scope.nested) return;
    if (update) this.dunderAllUpdate(first, parts[1]!);
    else if (assignment) this.moduleAssignment(parts, annotated, place === Place.Module && !grouped && this.kind() !== T.SEMI);
    else if (parts.length === 1 && !annotated) this.dunderAllCall(first);
  }

  /** The right of an `=`: a yield expression or an expression list. */
  private valueList(): ItemList {
    if (this.isWord('yield')) {
      const start = this.i;
      this.yieldExpression();
      return { items: [{ shape: S.OTHER, start, end: this.i, dotted: null, starred: false, call: null }], comma: false, trailingComma: false };
    }
    return this.itemList();
  }

  /** `m = importlib.import_module("x")`: the candidate that is the assignment's last child is bound to its one plain target. */
  private boundCall(parts: readonly ItemList[], place: Place): void {
    const value = parts[parts.length - 1]!;
    const last = value.items[value.items.length - 1];
    if (value.trailingComma || !last || last.shape !== S.CALL || !last.call || last.starred) return;
    const targets = this.plainTargets(parts);
    if (targets.length !== 1) return;
    const fact = last.call as { bound: string | null; guarded?: boolean };
    fact.bound = targets[0]!;
    if (place === Place.Guarded) fact.guarded = true;
  }

  /** The VariableName children of an assignment left of its last `=`: plain names and starred ones. */
  private plainTargets(parts: readonly ItemList[]): string[] {
    const out: string[] = [];
    for (let p = 0; p < parts.length - 1; p++) for (const item of parts[p]!.items) if (item.shape === S.NAME) out.push(item.dotted!);
    return out;
  }

  /** As extract-facts.ts moduleAssignment: definitions, aliases, `__all__`, and what names last bind (rebound). */
  private moduleAssignment(parts: readonly ItemList[], annotated: boolean, direct: boolean): void {
    const targets = this.plainTargets(parts);
    for (const t of targets) this.b.definitions.add(t);
    for (let p = 0; p < parts.length - 1; p++) for (const item of parts[p]!.items) this.unpacked(item);
    const rhs = parts[parts.length - 1]!;
    const value = rhs.items[0];
    if (!value) return;
    const bareTuple = rhs.comma;
    if (targets.includes('__all__')) {
      this.b.dunderAll = bareTuple ? this.stringItems(rhs.items) : this.literalNames(value);
      return;
    }
    let unpacks = bareTuple || annotated;
    for (let p = 0; p < parts.length - 1; p++) if (parts[p]!.comma) unpacks = true;
    const target = unpacks || value.starred ? null : value.dotted;
    for (const t of targets) {
      if (target !== null) this.b.lastDirect.set(t, false);
      else if (direct) this.b.lastDirect.set(t, true);
    }
    if (target === null) return;
    // Positions of the plain targets, in order.
    let n = 0;
    for (let p = 0; p < parts.length - 1; p++) {
      for (const item of parts[p]!.items) {
        if (item.shape !== S.NAME) continue;
        this.b.aliases.push({ name: targets[n++]!, target, ...(direct ? {} : { guarded: true }), ...this.b.pos(this.starts[item.start]!) });
      }
    }
  }

  /** `(a, b) = ...`, `[c, *d] = ...`, `(e) = ...`: the names inside bind too (extract-facts.ts addUnpacked). */
  private unpacked(item: Item): void {
    if (item.starred) return;
    if (item.shape === S.PCHAIN) {
      if (!item.dotted!.includes('.')) this.b.definitions.add(item.dotted!);
    } else if (item.shape === S.BRACKET) this.unpackedIn(item.start, item.end - 1);
  }

  private unpackedIn(open: number, close: number): void {
    for (const [from, to] of this.bracketItems(open, close)) {
      let s = from;
      if (this.kinds[s] === T.STAR) s++;
      if (to - s === 1 && this.kinds[s] === T.NAME) this.b.definitions.add(this.word(s));
      else if (to - s >= 2 && this.isOpenBracketTarget(s) && this.matching(s) === to - 1) this.unpackedIn(s, to - 1);
    }
  }

  private isOpenBracketTarget(at: number): boolean {
    return this.kinds[at] === T.LPAR || this.kinds[at] === T.LSQB;
  }

  /** Token ranges [from, to) of the comma-separated items between brackets at `open` and `close`. */
  private bracketItems(open: number, close: number): Array<readonly [number, number]> {
    const out: Array<readonly [number, number]> = [];
    let depth = 0;
    let from = open + 1;
    for (let j = open + 1; j < close; j++) {
      const k = this.kinds[j];
      if (k === T.LPAR || k === T.LSQB || k === T.LBRACE || k === T.FSTRING_START) depth++;
      else if (k === T.RPAR || k === T.RSQB || k === T.RBRACE || k === T.FSTRING_END) depth--;
      else if (k === T.COMMA && depth === 0) {
        out.push([from, j]);
        from = j + 1;
      }
    }
    if (from < close) out.push([from, close]);
    return out;
  }

  /** The values of items that are each one plain string literal (extract-facts.ts literalItems), else null. */
  private stringItems(items: readonly Item[]): string[] | null {
    const out: string[] = [];
    for (const item of items) {
      if (item.shape !== S.STRING || item.starred) return null;
      const v = stringLiteralValue(this.word(item.start));
      if (v === null) return null;
      out.push(v);
    }
    return out;
  }

  /** A list, tuple or parenthesized expression of string literals only (extract-facts.ts literalNames), else null. */
  private literalNames(item: Item): string[] | null {
    if (item.shape !== S.BRACKET || item.starred || !this.isOpenBracketTarget(item.start)) return null;
    return this.literalNamesIn(item.start, item.end - 1);
  }

  private literalNamesIn(open: number, close: number): string[] | null {
    const out: string[] = [];
    for (const [from, to] of this.bracketItems(open, close)) {
      if (to - from !== 1 || this.kinds[from] !== T.STRING) return null;
      const v = stringLiteralValue(this.word(from));
      if (v === null) return null;
      out.push(v);
    }
    return out;
  }

  /** `__all__ += [...]` (any augmented assignment), as extract-facts.ts dunderAllUpdate. */
  private dunderAllUpdate(lhs: ItemList, rhs: ItemList): void {
    const target = lhs.items[0];
    if (!target || target.shape !== S.NAME || target.starred || target.dotted !== '__all__') return;
    const value = rhs.items[0];
    const extra = value ? this.literalNames(value) : null;
    this.b.dunderAll = this.b.dunderAll && extra ? [...this.b.dunderAll, ...extra] : null;
  }

  /** `__all__.append("x")` / `__all__.extend([...])`, as extract-facts.ts dunderAllCall. */
  private dunderAllCall(list: ItemList): void {
    const call = list.items[0];
    if (!call || call.shape !== S.CALL || call.starred || !this.b.dunderAll) return;
    const open = call.start + 3;
    if (this.kinds[open] !== T.LPAR || this.matching(open) !== call.end - 1) return;
    const method = this.text.slice(this.starts[call.start]!, this.ends[call.start + 2]!);
    if (method !== '__all__.append' && method !== '__all__.extend') return;
    const args = this.bracketItems(open, call.end - 1);
    const arg = args.length === 1 ? args[0]! : null;
    let extra: string[] | null = null;
    if (arg && method === '__all__.append') {
      const v = arg[1] - arg[0] === 1 && this.kinds[arg[0]] === T.STRING ? stringLiteralValue(this.word(arg[0])) : null;
      extra = v === null ? null : [v];
    } else if (arg && this.isOpenBracketTarget(arg[0]) && this.matching(arg[0]) === arg[1] - 1) extra = this.literalNamesIn(arg[0], arg[1] - 1);
    this.b.dunderAll = extra ? [...this.b.dunderAll, ...extra] : null;
  }

  // ------------------------------------------------------------ expressions

  /** A statement's expression list (`star_expressions`), each item recorded. */
  private itemList(): ItemList {
    const items: Item[] = [];
    let comma = false;
    let trailingComma = false;
    for (;;) {
      items.push(this.item());
      if (this.kind() !== T.COMMA) break;
      comma = true;
      this.i++;
      if (!this.startsExpression()) {
        trailingComma = true;
        break;
      }
    }
    return { items, comma, trailingComma };
  }

  private item(): Item {
    const starred = this.kind() === T.STAR;
    if (starred) this.i++;
    const start = this.i;
    const shape = starred ? this.orTest(false) : this.test(false);
    const dotted = this.pending ? this.pendingDotted : null;
    this.resolve();
    return { shape, start, end: this.i, dotted, starred, call: shape === S.CALL ? this.lastCall : null };
  }

  /** Comma-separated expressions, starred ones too, none recorded. */
  private expressionList(): void {
    for (;;) {
      if (this.kind() === T.STAR) {
        this.i++;
        this.orTest(false);
        this.resolve();
      } else this.testResolved();
      if (this.kind() !== T.COMMA) return;
      this.i++;
      if (!this.startsExpression()) return;
    }
  }

  private testResolved(): void {
    this.test(false);
    this.resolve();
  }

  private testNamedResolved(): void {
    this.testNamed();
    this.resolve();
  }

  /** lezer's testNamed: a test, or a named expression `test := test`. */
  private testNamed(): Shape {
    const shape = this.test(false);
    if (this.kind() !== T.WALRUS) return shape;
    this.resolve();
    this.i++;
    this.testResolved();
    return S.OTHER;
  }

  /** A test: lambda, conditional expression, or an or_test. May leave a chain pending (see resolve). */
  private test(noCond: boolean): Shape {
    if (this.isWord('lambda')) {
      this.lambda(noCond);
      return S.OTHER;
    }
    const shape = this.orTest(false);
    if (noCond || !this.isWord('if')) return shape;
    this.resolve();
    this.i++;
    this.orTest(false);
    this.resolve();
    this.expectWord('else');
    this.testResolved();
    return S.OTHER;
  }

  private lambda(noCond: boolean): void {
    this.i++;
    this.parameters(T.COLON);
    this.expect(T.COLON);
    this.test(noCond);
    this.resolve();
  }

  /** Operands joined by binary, comparison and boolean operators (their precedence does not matter to facts). */
  private orTest(noIn: boolean): Shape {
    let shape = this.operand();
    for (;;) {
      const width = this.binaryOperator(noIn);
      if (width === 0) return shape;
      this.resolve();
      this.i += width;
      this.operand();
      this.resolve();
      shape = S.OTHER;
    }
  }

  /** How many tokens the binary operator at the cursor takes (`not in`, `is not`: 2), 0 when there is none. */
  private binaryOperator(noIn: boolean): number {
    switch (this.kind()) {
      case T.OP: {
        const c = this.text.charCodeAt(this.starts[this.i]!);
        return c === 126 ? giveUp() : 1;
      }
      case T.STAR:
      case T.DOUBLE_STAR:
      case T.AT:
        return 1;
      case T.NAME:
        switch (this.word()) {
          case 'or':
          case 'and':
            return 1;
          case 'in':
            return noIn ? 0 : 1;
          case 'is':
            return this.isWord('not', this.i + 1) ? 2 : 1;
          case 'not':
            return this.isWord('in', this.i + 1) ? 2 : giveUp();
          default:
            return 0;
        }
      default:
        return 0;
    }
  }

  /** Prefix operators (`-`, `+`, `~`, `not`, `await`) then a primary. */
  private operand(): Shape {
    let prefixed = false;
    for (;;) {
      const k = this.kind();
      if (k === T.OP) {
        const c = this.text.charCodeAt(this.starts[this.i]!);
        if (this.ends[this.i]! - this.starts[this.i]! !== 1 || (c !== 45 && c !== 43 && c !== 126)) giveUp();
      } else if (!(k === T.NAME && (this.isWord('not') || this.isWord('await')))) break;
      this.i++;
      prefixed = true;
    }
    const shape = this.primary();
    if (!prefixed) return shape;
    this.resolve();
    return S.OTHER;
  }

  /** An atom and its trailers: `.name`, calls and subscripts. */
  private primary(): Shape {
    const atom = this.i;
    let shape = this.atom();
    let attribute = false;
    /** The candidate the last call is, while only `.name`s follow it. */
    let call: DynamicImport | null = null;
    let attrs: string[] | null = null;
    for (;;) {
      const k = this.kind();
      if (k === T.DOT) {
        this.i++;
        if (this.kind() !== T.NAME) giveUp();
        const name = this.word();
        if (this.pending) {
          // `(m).Name` is `m.Name`, at the parenthesis.
          if (this.pendingParen >= 0) this.pendingFrom = this.pendingParen;
          this.pendingParen = -1;
          this.pendingDotted += '.' + name;
          this.pendingTo = this.ends[this.i]!;
          shape = S.CHAIN;
        } else {
          shape = S.OTHER;
          if (call) (attrs ??= []).push(name);
        }
        this.i++;
        attribute = true;
      } else if (k === T.LPAR) {
        attrs = this.stopAttributes(call, attrs);
        call = this.call(atom, shape, attribute);
        attribute = false;
        shape = S.CALL;
      } else if (k === T.LSQB) {
        attrs = this.stopAttributes(call, attrs);
        call = null;
        this.resolve();
        this.subscript();
        shape = S.OTHER;
        attribute = false;
      } else break;
    }
    this.stopAttributes(call, attrs);
    this.lastCall = shape === S.CALL ? call : null;
    return shape;
  }

  /** `import_module("m").A.b`: the attributes read off a candidate call's value. */
  private stopAttributes(call: DynamicImport | null, attrs: string[] | null): null {
    if (call && attrs) (call as { attribute?: string | null }).attribute = attrs.join('.');
    return null;
  }

  /**
   * A call of the primary read so far (`shape`, begun at token `atom`): its
   * callee's role, an attribute call (`x.name(...)`), a dynamic import.
   * Returns the candidate the call is, if it is one.
   */
  private call(atom: number, shape: Shape, attribute: boolean): DynamicImport | null {
    const callFrom = this.starts[atom]!;
    const callee = this.pending ? this.pendingDotted : null;
    // A parenthesized callee, `(f)(x)`, is not a VariableName or MemberExpression: its name is no call.
    this.resolve(shape === S.NAME || shape === S.CHAIN ? 'call' : null);
    const nameAt = attribute ? this.i - 1 : -1;
    // dynamicTarget wants a first argument that is one string literal: `f("m")`, `f("m", ...)`.
    const next = this.kind(this.i + 2);
    const candidate = this.kind(this.i + 1) === T.STRING && (next === T.COMMA || next === T.RPAR) && callee !== null && mayBeDynamicImportCallee(callee);
    const slot = this.b.imports.length;
    const args = this.argumentList(false, candidate ? { positional: [], keywords: new Map() } : null);
    if (nameAt >= 0) this.b.methodCall(this.scope.unit, callFrom, this.ends[this.i - 1]!, this.starts[nameAt]!, this.word(nameAt));
    if (!args) return null;
    const target = dynamicTarget(args);
    return target ? this.b.dynamicImport(slot, callFrom, callee!, target, this.scope.unit, this.scope.typeOnly) : null;
  }

  /**
   * `(...)` of a call or a class statement. In a class statement, an
   * argument that is a name or a dotted chain is a base. When `args` is
   * given, the arguments are read into it (dynamic-import.ts).
   */
  private argumentList(
    isClass: boolean,
    args: { positional: CallArgument[]; keywords: Map<string, CallArgument> } | null,
  ): typeof args {
    this.expect(T.LPAR);
    while (this.kind() !== T.RPAR) {
      const k = this.kind();
      const from = this.i;
      if (k === T.STAR || k === T.DOUBLE_STAR) {
        this.i++;
        this.baseOrResolve(isClass, this.test(false));
        args?.positional.push({ isString: false, text: this.word(from) });
      } else if (k === T.NAME && (this.kind(this.i + 1) === T.EQUAL || this.kind(this.i + 1) === T.WALRUS)) {
        this.nameReference(this.i);
        this.i += 2;
        const value = this.i;
        this.testResolved();
        if (this.isWord('for') || this.isWord('async')) giveUp();
        args?.keywords.set(this.word(from), this.argument(value));
      } else {
        const shape = this.test(false);
        // A generator argument's first child is the expression before its `for`.
        args?.positional.push(this.argument(from));
        if (this.isWord('for') || this.isWord('async')) {
          if (isClass) giveUp();
          this.resolve();
          this.compFor();
        } else this.baseOrResolve(isClass, shape);
      }
      if (this.kind() !== T.COMMA) break;
      this.i++;
    }
    this.expect(T.RPAR);
    return args;
  }

  /** The argument read from token `from` to the cursor. */
  private argument(from: number): CallArgument {
    return { isString: this.i - from === 1 && this.kinds[from] === T.STRING, text: this.text.slice(this.starts[from]!, this.ends[this.i - 1]!) };
  }

  private baseOrResolve(isClass: boolean, shape: Shape): void {
    const whole = this.kind() === T.COMMA || this.kind() === T.RPAR;
    this.resolve(isClass && whole && (shape === S.NAME || shape === S.CHAIN) ? 'subclass' : null);
  }

  private subscript(): void {
    this.i++;
    while (this.kind() !== T.RSQB) {
      if (this.kind() === T.STAR) {
        this.i++;
        this.orTest(false);
        this.resolve();
      } else {
        if (this.kind() !== T.COLON) this.testNamedResolved();
        for (let colons = 0; this.kind() === T.COLON && colons < 2; colons++) {
          this.i++;
          if (this.kind() !== T.COLON && this.kind() !== T.COMMA && this.kind() !== T.RSQB) this.testNamedResolved();
        }
      }
      if (this.kind() !== T.COMMA) break;
      this.i++;
    }
    this.expect(T.RSQB);
  }

  private atom(): Shape {
    const at = this.i;
    switch (this.kind()) {
      case T.NAME: {
        const w = this.word();
        if (HARD_KEYWORDS.has(w)) {
          if (w !== 'None' && w !== 'True' && w !== 'False') giveUp();
          this.i++;
          return S.OTHER;
        }
        this.pending = true;
        this.pendingFrom = this.starts[at]!;
        this.pendingTo = this.ends[at]!;
        this.pendingDotted = w;
        this.pendingRoot = w;
        this.pendingParen = -1;
        this.i++;
        return S.NAME;
      }
      case T.NUMBER:
      case T.ELLIPSIS:
        this.i++;
        return S.OTHER;
      case T.STRING:
      case T.FSTRING_START:
        return this.strings();
      case T.LPAR:
        return this.parenthesized();
      case T.LSQB:
        return this.list();
      case T.LBRACE:
        this.dictOrSet();
        return S.OTHER;
      default:
        return giveUp();
    }
  }

  /** Adjacent string literals (one ContinuedString when more than one); in an annotation, each plain one is read as code. */
  private strings(): Shape {
    const first = this.i;
    for (;;) {
      const k = this.kind();
      if (k === T.STRING) {
        if (this.annotation) {
          const from = this.starts[this.i]!;
          for (const dotted of stringAnnotationNames(this.word())) {
            const dot = dotted.indexOf('.');
            this.b.reference(this.scope.unit, from, dotted, dot < 0 ? dotted : dotted.slice(0, dot), 'annotation');
          }
        }
        this.i++;
      } else if (k === T.FSTRING_START) {
        this.i++;
        while (this.kind() === T.FIELD_START) this.field();
        this.expect(T.FSTRING_END);
      } else break;
    }
    return this.i - first === 1 && this.kinds[first] === T.STRING ? S.STRING : S.OTHER;
  }

  /** An f-string's replacement field, `{expr!r:spec}`, fields nested in its spec too. */
  private field(): void {
    this.i++;
    if (this.isWord('yield')) this.yieldExpression();
    else {
      for (;;) {
        if (this.kind() === T.STAR) {
          this.i++;
          this.orTest(false);
          this.resolve();
        } else this.testResolved();
        if (this.kind() !== T.COMMA) break;
        this.i++;
      }
    }
    if (this.kind() === T.FIELD_SELF_DOC) this.i++;
    if (this.kind() === T.FIELD_CONVERSION) this.i++;
    if (this.kind() === T.FIELD_SPEC) {
      this.i++;
      while (this.kind() === T.FIELD_START) this.field();
    }
    this.expect(T.FIELD_END);
  }

  private parenthesized(): Shape {
    const open = this.i;
    this.i++;
    if (this.kind() === T.RPAR) {
      this.i++;
      return S.BRACKET;
    }
    if (this.isWord('yield')) {
      this.yieldExpression();
      this.expect(T.RPAR);
      return S.OTHER;
    }
    const starred = this.kind() === T.STAR;
    if (starred) this.i++;
    const shape = starred ? this.orTest(false) : this.testNamed();
    if (this.isWord('for') || this.isWord('async')) {
      this.resolve();
      this.compFor();
      this.expect(T.RPAR);
      return S.OTHER;
    }
    if (this.kind() === T.COMMA) {
      this.resolve();
      this.i++;
      this.displayItems(T.RPAR);
      this.expect(T.RPAR);
      return S.BRACKET;
    }
    this.expect(T.RPAR);
    if (!starred && this.pending && (shape === S.NAME || shape === S.CHAIN || shape === S.PCHAIN)) {
      this.pendingParen = this.starts[open]!;
      return S.PCHAIN;
    }
    this.resolve();
    return S.BRACKET;
  }

  /** The rest of a tuple, list or set display: named or starred expressions up to `close`. */
  private displayItems(close: number): void {
    while (this.kind() !== close) {
      if (this.kind() === T.STAR) {
        this.i++;
        this.orTest(false);
        this.resolve();
      } else this.testNamedResolved();
      if (this.kind() !== T.COMMA) return;
      this.i++;
    }
  }

  private list(): Shape {
    this.i++;
    if (this.kind() === T.RSQB) {
      this.i++;
      return S.BRACKET;
    }
    if (this.kind() === T.STAR) {
      this.i++;
      this.orTest(false);
    } else this.testNamed();
    this.resolve();
    if (this.isWord('for') || this.isWord('async')) {
      this.compFor();
      this.expect(T.RSQB);
      return S.OTHER;
    }
    if (this.kind() === T.COMMA) {
      this.i++;
      this.displayItems(T.RSQB);
    }
    this.expect(T.RSQB);
    return S.BRACKET;
  }

  private dictOrSet(): void {
    this.i++;
    if (this.kind() === T.RBRACE) {
      this.i++;
      return;
    }
    let dict: boolean;
    if (this.kind() === T.DOUBLE_STAR) {
      this.i++;
      this.orTest(false);
      this.resolve();
      dict = true;
    } else if (this.kind() === T.STAR) {
      this.i++;
      this.orTest(false);
      this.resolve();
      dict = false;
    } else {
      this.testNamed();
      this.resolve();
      dict = this.kind() === T.COLON;
      if (dict) {
        this.i++;
        this.testResolved();
      }
    }
    if (this.isWord('for') || this.isWord('async')) {
      this.compFor();
      this.expect(T.RBRACE);
      return;
    }
    while (this.kind() === T.COMMA) {
      this.i++;
      if (this.kind() === T.RBRACE) break;
      if (this.kind() === T.DOUBLE_STAR && dict) {
        this.i++;
        this.orTest(false);
        this.resolve();
      } else if (this.kind() === T.STAR && !dict) {
        this.i++;
        this.orTest(false);
        this.resolve();
      } else if (dict) {
        this.testResolved();
        this.expect(T.COLON);
        this.testResolved();
      } else this.testNamedResolved();
    }
    this.expect(T.RBRACE);
  }

  /** `for x in y if z ...` of a comprehension. */
  private compFor(): void {
    for (;;) {
      if (this.isWord('async')) this.i++;
      if (this.isWord('for')) {
        this.i++;
        this.targetList();
        this.expectWord('in');
        this.orTest(false);
        this.resolve();
      } else if (this.isWord('if')) {
        this.i++;
        this.test(true);
        this.resolve();
      } else return;
    }
  }

  private yieldExpression(): void {
    this.i++;
    if (this.isWord('from')) {
      this.i++;
      this.testResolved();
    } else if (this.startsExpression()) this.expressionList();
  }
}
