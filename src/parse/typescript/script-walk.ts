import { MODULE_UNIT, type ClassFact, type ImportFact, type ImportedName, type Position, type ReferenceRole, type UnitName } from '../../model/index.js';
import type { RawReference } from '../reference-packer.js';
import { isNode, literalString, staticChain, type AstNode } from './ast-node.js';

/** Where a node sits: the unit its uses count for, and the prefix for names of defs nested in it. */
interface Frame {
  readonly unit: UnitName;
  readonly qualifier: string;
}

const MODULE_FRAME: Frame = { unit: MODULE_UNIT, qualifier: '' };

/** A node to visit: as an expression/type (identifiers are uses) or as a binding pattern (they are not). */
interface Task {
  readonly node: AstNode;
  readonly frame: Frame;
  readonly pattern: boolean;
  /** Name a function expression takes from where it stands: `const f = () => {}`, a class field. */
  readonly name?: string | undefined;
  /** What a name here is to its use: a callee, a `new` callee, a class's `extends`, a type. */
  readonly role: ReferenceRole;
}

export interface WalkResult {
  readonly references: RawReference[];
  /** `x.attr(...)` on any receiver: the attribute names called. */
  readonly methodCalls: RawReference[];
  readonly classes: ClassFact[];
  /** `import()`, `require()`, `import x = require()`, tagged with their offsets. */
  readonly imports: Array<{ readonly from: number; readonly fact: ImportFact }>;
}

/** Type positions: every name under one is an annotation use. */
const TYPE_NODES = new Set([
  'TSTypeAnnotation', 'TSTypeReference', 'TSTypeQuery', 'TSTypeParameterInstantiation', 'TSTypeParameterDeclaration',
  'TSTypeAliasDeclaration', 'TSInterfaceDeclaration', 'TSClassImplements', 'TSInterfaceHeritage', 'TSTypeLiteral',
]);
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'TSDeclareFunction']);
/** Fields that never hold a use: names being declared, labels, keys handled by their parent. */
const SKIPPED_TYPES = new Set([
  'ImportDeclaration', 'ExportAllDeclaration', 'MetaProperty', 'TSImportType', 'JSXNamespacedName',
  'BreakStatement', 'ContinueStatement', 'PrivateIdentifier', 'Literal', 'TemplateElement', 'TSNamespaceExportDeclaration',
]);

/**
 * One pass over the whole program, iterative (an explicit stack), so nesting
 * cannot overflow the JS stack. Collects every use of a name (the caller keeps
 * those rooted at an import) with its unit, and the dynamic imports.
 */
export function walkScript(program: AstNode, pos: (offset: number) => Position): WalkResult {
  const references: RawReference[] = [];
  const methodCalls: RawReference[] = [];
  const classes: ClassFact[] = [];
  const imports: WalkResult['imports'] = [];
  /** The role children of the node being visited take (annotation under a type), unless pushed with their own. */
  let inherited: ReferenceRole = 'reference';
  /** Calls already read as the value of a declaration (`const m = require('x')`). */
  const claimed = new Set<AstNode>();
  const stack: Task[] = [];
  const push = (node: unknown, frame: Frame, pattern = false, name?: string, role: ReferenceRole = inherited): void => {
    if (isNode(node)) stack.push({ node, frame, pattern, name, role });
  };
  const pushAll = (nodes: unknown, frame: Frame, pattern = false): void => {
    if (!Array.isArray(nodes)) return push(nodes, frame, pattern);
    for (let i = nodes.length - 1; i >= 0; i--) push(nodes[i], frame, pattern);
  };
  let role: ReferenceRole = 'reference';
  const use = (node: AstNode, dotted: string, frame: Frame): void => {
    references.push({ unit: frame.unit, dotted, from: node.start, role });
  };
  const dynamic = (at: AstNode, module: string, bound: string | null, frame: Frame, typeOnly = false): void => {
    imports.push({ from: at.start, fact: { kind: 'dynamic', module, level: 0, bound, unit: frame.unit, typeOnly, ...pos(at.start) } });
  };
  const fromRequire = (at: AstNode, module: string, names: ImportedName[], frame: Frame): void => {
    imports.push({ from: at.start, fact: { kind: 'from', module, level: 0, names, unit: frame.unit, typeOnly: false, ...pos(at.start) } });
  };
  /** `x = <init>` / `const x = <init>`: an import whose result is bound to a name. */
  const boundImport = (target: AstNode, init: AstNode | null, frame: Frame): void => {
    if (!init) return;
    const call = importCall(init);
    if (call) {
      claimed.add(call.node);
      if (target.type === 'Identifier') dynamic(call.node, call.module, target.name, frame);
      else if (target.type === 'ObjectPattern' && call.node.type === 'CallExpression') {
        const names = destructuredNames(target, pos);
        if (names) fromRequire(call.node, call.module, names, frame);
        else dynamic(call.node, call.module, null, frame);
      } else dynamic(call.node, call.module, null, frame);
      return;
    }
    // `const X = require('m').X`: one named import.
    if (target.type === 'Identifier' && init.type === 'MemberExpression' && !init.computed && init.property.type === 'Identifier') {
      const req = requireCall(init.object);
      if (req) {
        claimed.add(req.node);
        fromRequire(req.node, req.module, [{ name: init.property.name, bound: target.name, ...pos(init.property.start) }], frame);
      }
    }
  };
  const fn = (node: AstNode, frame: Frame, name: string | null): void => {
    const own = name ?? (node.id?.type === 'Identifier' ? (node.id.name as string) : null);
    const qualified = own === null ? null : frame.qualifier ? `${frame.qualifier}.${own}` : own;
    const inner: Frame = qualified === null ? frame : { unit: qualified, qualifier: qualified };
    push(node.body, inner);
    push(node.returnType, inner);
    pushAll(node.params, inner, true);
    push(node.typeParameters, inner);
  };
  const klass = (node: AstNode, frame: Frame, name: string | null): void => {
    const own = name ?? (node.id?.type === 'Identifier' ? (node.id.name as string) : null);
    const qualifier = own === null ? frame.qualifier : frame.qualifier ? `${frame.qualifier}.${own}` : own;
    const inside: Frame = { unit: frame.unit, qualifier };
    const methods: string[] = [];
    if (own !== null) classes.push({ name: qualifier, unit: frame.unit, methods, ...pos(node.id?.start ?? node.start) });
    const member = (key: string): string => (qualifier ? `${qualifier}.${key}` : key);
    for (const m of [...(node.body.body as AstNode[])].reverse()) {
      const key = m.key ? memberName(m) : null;
      switch (m.type) {
        case 'MethodDefinition':
        case 'TSAbstractMethodDefinition':
          if (key !== null) methods.push(key);
          fn(m.value, inside, key);
          break;
        case 'PropertyDefinition':
        case 'AccessorProperty':
        case 'TSAbstractPropertyDefinition':
        case 'TSAbstractAccessorProperty': {
          // Instance fields are initialised by the constructor, so they are its uses; static ones run with the class body.
          const at: Frame = m.static ? frame : { unit: member('constructor'), qualifier };
          if (m.value && FUNCTIONS.has(m.value.type) && key !== null) fn(m.value, inside, key);
          else push(m.value, at);
          push(m.typeAnnotation, at);
          break;
        }
        default:
          push(m, frame);
      }
      if (m.computed) push(m.key, frame);
      pushAll(m.decorators, frame);
    }
    pushAll(node.decorators, frame);
    push(node.superClass, frame, false, undefined, 'subclass');
    push(node.superTypeArguments, frame);
    pushAll(node.implements, frame);
    push(node.typeParameters, frame);
  };

  push(program, MODULE_FRAME);
  while (stack.length > 0) {
    const task = stack.pop()!;
    const { node, frame, pattern, name } = task;
    role = task.role;
    // What the node's own children are: under a type, annotation uses; a callee's object or arguments are plain references.
    inherited = role === 'annotation' || TYPE_NODES.has(node.type) ? 'annotation' : 'reference';
    if (pattern) {
      switch (node.type) {
        case 'Identifier':
          push(node.typeAnnotation, frame);
          pushAll(node.decorators, frame);
          continue;
        case 'ObjectPattern':
          for (const p of node.properties as AstNode[]) {
            if (p.type === 'RestElement') push(p, frame, true);
            else {
              push(p.value, frame, true);
              if (p.computed) push(p.key, frame);
            }
          }
          push(node.typeAnnotation, frame);
          continue;
        case 'ArrayPattern':
          pushAll(node.elements, frame, true);
          push(node.typeAnnotation, frame);
          continue;
        case 'AssignmentPattern':
          push(node.left, frame, true);
          push(node.right, frame);
          continue;
        case 'RestElement':
          push(node.argument, frame, true);
          push(node.typeAnnotation, frame);
          continue;
        case 'TSParameterProperty':
          push(node.parameter, frame, true);
          pushAll(node.decorators, frame);
          continue;
        // Anything else in a pattern position (`[a.b] = x`) is an expression.
      }
    }
    if (SKIPPED_TYPES.has(node.type)) continue;
    switch (node.type) {
      case 'Identifier':
        use(node, node.name, frame);
        continue;
      case 'MemberExpression':
      case 'TSQualifiedName':
      case 'JSXMemberExpression': {
        const chain = staticChain(node);
        if (chain !== null) {
          use(node, chain, frame);
          continue;
        }
        if (node.type === 'MemberExpression') {
          // `(await import('m')).X.y`, `require('m').X`: the attributes read off the module the call evaluates to.
          const read = importedAttributes(node);
          if (read && !claimed.has(read.call.node)) {
            claimed.add(read.call.node);
            imports.push({ from: read.call.node.start, fact: { kind: 'dynamic', module: read.call.module, level: 0, bound: null, attribute: read.attribute, unit: frame.unit, typeOnly: false, ...pos(read.call.node.start) } });
          }
          push(node.object, frame);
          if (node.computed) push(node.property, frame);
        } else if (node.type === 'TSQualifiedName') push(node.left, frame);
        else push(node.object, frame);
        continue;
      }
      case 'JSXIdentifier':
        use(node, node.name, frame);
        continue;
      case 'JSXAttribute':
        push(node.value, frame);
        continue;
      case 'ObjectPattern':
      case 'ArrayPattern':
        // Destructuring assignment (`({ a } = x)`): its targets are written, not read.
        push(node, frame, true);
        continue;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'TSDeclareFunction':
        fn(node, frame, name ?? null);
        continue;
      case 'ClassDeclaration':
      case 'ClassExpression':
        klass(node, frame, name ?? null);
        continue;
      case 'VariableDeclarator': {
        const init: AstNode | null = node.init;
        const fnName = node.id.type === 'Identifier' && init && (FUNCTIONS.has(init.type) || init.type === 'ClassExpression') ? (node.id.name as string) : undefined;
        boundImport(node.id, init, frame);
        push(init, frame, false, fnName);
        push(node.id, frame, true);
        continue;
      }
      case 'AssignmentExpression':
        if (node.operator === '=') boundImport(node.left, node.right, frame);
        break;
      case 'ExportDefaultDeclaration':
        // `export default function () {}` is the unit `default`; a named one keeps its name.
        push(node.declaration, frame, false, node.declaration.id ? undefined : 'default');
        continue;
      case 'ExportNamedDeclaration':
        // Specifiers name exports (module facts); only a declaration holds uses.
        push(node.declaration, frame);
        continue;
      case 'TSImportEqualsDeclaration':
        if (node.moduleReference.type === 'TSExternalModuleReference') {
          const module = literalString(node.moduleReference.expression);
          if (module !== null) dynamic(node, module, node.id.name, frame, node.importKind === 'type');
        } else push(node.moduleReference, frame);
        continue;
      case 'CallExpression':
      case 'NewExpression':
      case 'ImportExpression': {
        const call = claimed.has(node) ? null : importCall(node);
        if (call) dynamic(node, call.module, null, frame);
        if (node.type === 'ImportExpression') break;
        const callee: AstNode = node.callee;
        if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
          methodCalls.push({ unit: frame.unit, dotted: callee.property.name as string, from: callee.property.start, role: 'call' });
        }
        pushChildren(node, frame, 'callee');
        push(callee, frame, false, undefined, inherited === 'annotation' ? 'annotation' : node.type === 'NewExpression' ? 'instantiate' : 'call');
        continue;
      }
      case 'Property':
        // Object literal: keys are not uses (unless computed); methods and callbacks stay in the enclosing unit.
        push(node.value, frame);
        if (node.computed) push(node.key, frame);
        continue;
      case 'LabeledStatement':
        push(node.body, frame);
        continue;
      case 'TSModuleDeclaration': {
        const own = node.id.type === 'Identifier' ? (node.id.name as string) : null;
        push(node.body, own === null ? frame : { unit: frame.unit, qualifier: frame.qualifier ? `${frame.qualifier}.${own}` : own });
        continue;
      }
      case 'TSPropertySignature':
      case 'TSMethodSignature':
      case 'TSEnumMember':
        if (node.computed) push(node.key ?? node.id, frame);
        push(node.typeAnnotation, frame);
        push(node.returnType, frame);
        pushAll(node.params, frame, true);
        push(node.typeParameters, frame);
        push(node.initializer, frame);
        continue;
      case 'TSTypeParameter':
        push(node.constraint, frame);
        push(node.default, frame);
        continue;
      case 'TSMappedType':
        push(node.constraint, frame);
        push(node.nameType, frame);
        push(node.typeAnnotation, frame);
        continue;
      case 'TSTypePredicate':
        push(node.typeAnnotation, frame);
        continue;
      case 'TSEnumDeclaration':
      case 'TSTypeAliasDeclaration':
      case 'TSInterfaceDeclaration':
        // The declared name is not a use; everything else is walked generically below.
        pushChildren(node, frame, 'id');
        continue;
      case 'TSFunctionType':
      case 'TSConstructorType':
      case 'TSCallSignatureDeclaration':
      case 'TSConstructSignatureDeclaration':
      case 'TSIndexSignature':
        // Parameter names of a signature are declarations; their annotations are uses.
        pushChildren(node, frame, 'params', 'parameters');
        pushAll(node.params ?? node.parameters, frame, true);
        continue;
      case 'CatchClause':
        push(node.body, frame);
        push(node.param, frame, true);
        continue;
    }
    pushChildren(node, frame);
  }
  return { references, methodCalls, classes, imports };

  function pushChildren(node: AstNode, frame: Frame, ...except: string[]): void {
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (k !== 'type' && !except.includes(k)) pushAll(node[k], frame);
    }
  }
}

/** `(await import('m')).X.y` / `require('m').X`: the import call and the attributes read off its value, else null. */
function importedAttributes(node: AstNode): { call: { node: AstNode; module: string }; attribute: string } | null {
  const names: string[] = [];
  let n: AstNode = node;
  while (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') {
    names.unshift(n.property.name as string);
    n = n.object;
  }
  while (n.type === 'ParenthesizedExpression') n = n.expression;
  // An import() not awaited is a promise: `.then` is not the module's.
  if (names.length === 0 || n.type === 'ImportExpression') return null;
  const call = importCall(n);
  return call ? { call, attribute: names.join('.') } : null;
}

/** `require('m')` / `import('m')` (awaited or not) with a literal specifier. */
function importCall(node: AstNode): { node: AstNode; module: string } | null {
  const n = node.type === 'AwaitExpression' ? node.argument : node;
  if (n.type === 'ImportExpression') {
    const module = literalString(n.source);
    return module === null ? null : { node: n, module };
  }
  return requireCall(n);
}

function requireCall(n: AstNode): { node: AstNode; module: string } | null {
  if (n.type !== 'CallExpression' || n.callee.type !== 'Identifier' || n.callee.name !== 'require' || n.arguments.length !== 1) return null;
  const module = literalString(n.arguments[0]);
  return module === null ? null : { node: n, module };
}

/** `{ A, B: C, D = 1 }` as imported names; null when any part is not a plain rename (nested, rest, computed). */
function destructuredNames(pattern: AstNode, pos: (offset: number) => Position): ImportedName[] | null {
  const names: ImportedName[] = [];
  for (const p of pattern.properties as AstNode[]) {
    if (p.type !== 'Property' || p.computed) return null;
    const value: AstNode = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
    if (value.type !== 'Identifier') return null;
    const key: AstNode = p.key;
    const name = key.type === 'Identifier' ? (key.name as string) : String(key.value);
    names.push({ name, bound: value.name, ...pos(key.start) });
  }
  return names;
}

/** A class member's name as it appears in its unit: `m`, `#p`, `'quoted'`, `[Symbol.iterator]`. */
function memberName(m: AstNode): string {
  const key: AstNode = m.key;
  if (m.computed) return `[${staticChain(key) ?? '?'}]`;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  return key.type === 'Identifier' ? key.name : String(key.value);
}
