/**
 * File names git would quote or escape without -z: every path-handling test
 * should survive all of them byte for byte.
 */
export const AWKWARD_PATHS: readonly string[] = [
  'with space.py',
  'quote"d.py',
  '"leading-quote.py',
  'new\nline.py',
  'tab\there.py',
  'back\\slash.py',
  'caf\u00e9/\u00e9t\u00e9.py',
  '\u65e5\u672c/\u8a9e.py',
  ' spaced dir /x.py',
];
