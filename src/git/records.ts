/** Mode of a submodule entry (type `commit`): the one entry kind with no blob behind it. */
export const GITLINK = '160000';

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
    yield [record.slice(0, tab), record.slice(tab + 1)];
  }
}
