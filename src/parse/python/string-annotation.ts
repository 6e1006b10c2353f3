/**
 * `x: "Manager"`, `-> Optional["pkg.Manager"]`: the dotted names a string
 * annotation's expression references. Read with lezer by both Python
 * extractors (such strings are short and rare), so the two agree on them.
 */
import { parser } from './grammar/parser.js';
import { stringLiteralValue } from './string-literal.js';
import { dottedChainIn } from './syntax-nodes.js';

/** A string annotation longer than this is not one anybody writes: it is not read as code. */
const MAX_STRING_ANNOTATION = 1000;

/** The dotted names referenced by the string literal token `token` read as an expression, in source order. */
export function stringAnnotationNames(token: string): string[] {
  const value = stringLiteralValue(token);
  if (value === null || value.length > MAX_STRING_ANNOTATION) return [];
  const source = value.trim();
  const names: string[] = [];
  parser.parse(source).iterate({
    enter: (ref) => {
      if (ref.type.isError) return false;
      if (ref.name !== 'MemberExpression' && ref.name !== 'VariableName') return true;
      const dotted = dottedChainIn(source, ref.node);
      if (dotted === null) return true;
      names.push(dotted);
      return false;
    },
  });
  return names;
}
