/**
 * oxc-parser recurses natively and segfaults (not a catchable throw) on deeply
 * nested input: measured on Node 20 in a worker thread (4 MB stack) from about
 * 1,500 nested brackets, 3,000 nested generics, 6,000 chained arrows,
 * ternaries or JSX elements, 20,000 `!`. The daemon parses in workers, so one
 * hostile file would take it down. This linear scan over-approximates nesting
 * and refuses such files before they reach the parser; real code stays far
 * below the limits. (Long chains of other prefix operators, `- - - x` or
 * `new new new`, are not counted: only hand-made input reaches those depths.)
 */
const MAX_BRACKETS = 500;
/** `<` not closed by `</` or `/>`, since the last `;` or `}`: generics, JSX elements, comparisons. */
const MAX_ANGLES = 1500;
/** `=>` `?` `!` `~` since the last `;` or `}`: arrow chains, ternaries, unary chains. */
const MAX_CHAIN = 1000;

/** The depth that made the file too deep to parse safely, or null when it is fine. */
export function tooDeeplyNested(text: string): string | null {
  let brackets = 0;
  let angles = 0;
  let chain = 0;
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case 0x28: case 0x5b: case 0x7b: // ( [ {
        if (++brackets > MAX_BRACKETS) return `more than ${MAX_BRACKETS} nested brackets`;
        break;
      case 0x7d: // }
        angles = chain = 0;
        if (brackets > 0) brackets--;
        break;
      case 0x29: case 0x5d: // ) ]
        if (brackets > 0) brackets--;
        break;
      case 0x3b: // ;
        angles = chain = 0;
        break;
      case 0x3c: // <
        if (text.charCodeAt(i + 1) === 0x2f) angles = Math.max(0, angles - 1);
        else if (++angles > MAX_ANGLES) return `more than ${MAX_ANGLES} nested angle brackets`;
        break;
      case 0x2f: // `/>`
        if (text.charCodeAt(i + 1) === 0x3e) angles = Math.max(0, angles - 1);
        break;
      case 0x3d: // `=>`
        if (text.charCodeAt(i + 1) !== 0x3e) break;
      // falls through
      case 0x3f: case 0x21: case 0x7e: // ? ! ~
        if (++chain > MAX_CHAIN) return `more than ${MAX_CHAIN} chained operators`;
        break;
    }
  }
  return null;
}
