/**
 * The ESTree nodes oxc returns, read loosely: the walk looks at a few fields of
 * a few node types and treats everything else generically, so the full typed
 * union (@oxc-project/types) would only add casts.
 */
export interface AstNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly [field: string]: any;
}

export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The string a module specifier literal holds: `'x'`, or a template without substitutions. */
export function literalString(node: AstNode | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0 && node.quasis.length === 1) {
    const cooked: unknown = node.quasis[0].value.cooked;
    return typeof cooked === 'string' ? cooked : null;
  }
  return null;
}

/** Name of an Identifier or string Literal (`export { x as 'a-b' }`). */
export function nameOf(node: AstNode): string {
  return node.type === 'Identifier' ? node.name : String(node.value);
}

/**
 * `a.b.c` made only of names and non-computed member access, else null. Loops
 * rather than recurses: a member chain thousands long is legal.
 */
export function staticChain(node: AstNode): string | null {
  const parts: string[] = [];
  let n = node;
  for (;;) {
    if (n.type === 'Identifier' || n.type === 'JSXIdentifier') {
      parts.push(n.name);
      break;
    }
    if ((n.type === 'MemberExpression' && !n.computed) || n.type === 'JSXMemberExpression') {
      if (n.property.type !== 'Identifier' && n.property.type !== 'JSXIdentifier') return null;
      parts.push(n.property.name);
      n = n.object;
    } else if (n.type === 'TSQualifiedName') {
      parts.push(n.right.name);
      n = n.left;
    } else {
      return null;
    }
  }
  return parts.reverse().join('.');
}
