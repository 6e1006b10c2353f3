/**
 * Splits NUL-terminated `<meta> TAB <path>` records, as ls-files -s and ls-tree
 * print them with -z. Only the first tab separates: the path may contain tabs.
 */
export function* splitRecords(text: string, command: string): Generator<[meta: string, path: string]> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\0', start);
    if (end < 0) end = text.length;
    const record = text.slice(start, end);
    start = end + 1;
    if (!record) continue;
    const tab = record.indexOf('\t');
    if (tab < 0) throw new Error(`unexpected git ${command} record (no tab): ${JSON.stringify(record)}`);
    yield [detached(record.slice(0, tab)), detached(record.slice(tab + 1))];
  }
}

/**
 * A copy that does not point into `text`. V8 makes a slice of 13 characters
 * or more a view of its parent, so one path or sha kept (a fact cache key, a
 * resolution memo key) would keep the whole output of an ls-files alive: a
 * daemon re-reading the index after every commit held hundreds of them.
 * Concatenation then slicing flattens the copy into a string of its own.
 */
function detached(s: string): string {
  return ` ${s}`.slice(1);
}
