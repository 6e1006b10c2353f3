/** Reading lezer syntax nodes of the Python grammar: shared by the fact walker and the string-annotation reader. */
import type { SyntaxNode } from '@lezer/common';

/** `a.b.c` made only of names and dots, else null (calls, subscripts); `(m).Name` is `m.Name`. */
export function dottedChainIn(text: string, node: SyntaxNode): string | null {
  if (node.name === 'VariableName') return text.slice(node.from, node.to);
  if (node.name === 'ParenthesizedExpression') {
    const inner = children(node).filter((k) => !['(', ')', 'Comment'].includes(k.name));
    return inner.length === 1 ? dottedChainIn(text, inner[0]!) : null;
  }
  if (node.name !== 'MemberExpression') return null;
  const kids = children(node);
  if (kids.length !== 3 || kids[1]!.name !== '.' || kids[2]!.name !== 'PropertyName') return null;
  const head = dottedChainIn(text, kids[0]!);
  return head === null ? null : `${head}.${text.slice(kids[2]!.from, kids[2]!.to)}`;
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}
