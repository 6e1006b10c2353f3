import { closeSync, constants } from 'node:fs';
import { lstat, readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FactKey } from '../model/index.js';
import { currentUid } from '../fs/owner-only.js';
import { readChecked, readIndexFile } from './fact-cache.js';
import { openOwned, replaceFile, type WriteBytes } from '../fs/owned-file.js';
import { isDataFileName, newDataFileName, type DataFileName, type EncodedRecord, type IndexEntry } from './fact-cache-format.js';
import { FactIndex } from './fact-index.js';

/**
 * A new generation of the fact cache: a data file under a new name, holding
 * the intact live records of the old one and the new records, and an index
 * naming it. Used for the first save, for compaction (past half garbage),
 * and to repair an index that names a data file someone unlinked.
 */

const CREATE = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY;
/** A leftover older than this (a data file or index tmp of a process that died mid-save) is swept; a younger one may be in use. */
const LEFTOVER_AGE_MS = 10 * 60_000;
/** The cache format before this one: one whole-map file, never read again. */
const LEGACY_FILE = 'facts.bin';

/** The old data file, if any: where live records are copied from. */
export interface Source {
  /** Open on the old file; it reads the records even once the file is unlinked. */
  readonly fd: number | null;
  /** Unlinked once the new index names the new file; null when it is not ours to remove (or gone already). */
  readonly name: DataFileName | null;
  readonly entries: ReadonlyMap<FactKey, IndexEntry>;
}

type Placed = { key: FactKey; bytes: Buffer; crc: number; unjudged: boolean };

export async function writeGeneration(file: string, version: string, source: Source, records: readonly EncodedRecord[], write: WriteBytes): Promise<void> {
  const name = await writeDataFile(dirname(file), source, records, write);
  try {
    await replaceFile(file, FactIndex.encode(version, name.file, name.entries), write);
  } catch (err) {
    await unlink(join(dirname(file), name.file)).catch(() => {});
    throw err;
  }
  if (!source.name) return sweepLeftovers(file, name.file);
  await unlink(join(dirname(file), source.name)).catch(() => {});
  await sweepLeftovers(file, name.file);
  // Another process may have appended to the old file and renamed its index, naming it, between our
  // rename and our unlink: its index now names a deleted file. Our fd still reads that file, so copy
  // what its index names. (If it renamed after this read, it sees the unlink itself: fact-cache-save.ts.)
  const now = await readIndexFile(file, version);
  if (now?.data === source.name) await writeGeneration(file, version, { fd: source.fd, name: null, entries: new Map(now.entries()) }, [], write);
}

/** Copies the intact records of `source`, one write per read run (never the whole file in memory), then the new ones. */
async function writeDataFile(dir: string, source: Source, records: readonly EncodedRecord[], write: WriteBytes): Promise<{ file: DataFileName; entries: Map<FactKey, IndexEntry> }> {
  const file = newDataFileName();
  const fd = await openOwned(join(dir, file), CREATE, 0o600);
  if (fd === null) throw new Error(`${join(dir, file)} could not be created`);
  const entries = new Map<FactKey, IndexEntry>();
  let at = 0;
  const place = async (chunk: readonly Placed[]): Promise<void> => {
    if (!chunk.length) return;
    await write(fd, Buffer.concat(chunk.map((c) => c.bytes)));
    for (const c of chunk) {
      entries.set(c.key, { offset: at, length: c.bytes.length, crc: c.crc, unjudged: c.unjudged });
      at += c.bytes.length;
    }
  };
  try {
    if (source.fd !== null) {
      const wanted = [...source.entries].map(([key, entry]) => ({ key, entry }));
      // A damaged record is dropped here rather than copied forward.
      for await (const run of readChecked(source.fd, wanted)) {
        await place(run.flatMap(({ key, entry, bytes }) => (bytes ? [{ key, bytes, crc: entry.crc, unjudged: entry.unjudged }] : [])));
      }
    }
    await place(records);
    closeSync(fd);
  } catch (err) {
    closeSync(fd);
    await unlink(join(dir, file)).catch(() => {});
    throw err;
  }
  return { file, entries };
}

/**
 * The previous format's file, and data files and index tmps a process left
 * when it died mid-save (or lost a race to rename its index). A young one
 * may be another process's save in progress, so only old ones go; and only
 * files of ours: someone else's is not ours to delete.
 */
async function sweepLeftovers(file: string, keep: DataFileName): Promise<void> {
  const dir = dirname(file);
  const indexTmp = `${basename(file)}.`;
  const uid = currentUid();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const legacy = name === LEGACY_FILE;
    const leftover = isDataFileName(name) || (name.startsWith(indexTmp) && name.endsWith('.tmp'));
    if (name === keep || !(legacy || leftover)) continue;
    try {
      const st = await lstat(join(dir, name));
      if (!st.isFile() || (uid !== null && st.uid !== uid)) continue;
      if (legacy || Date.now() - st.mtimeMs > LEFTOVER_AGE_MS) await unlink(join(dir, name));
    } catch {
      // Gone already.
    }
  }
}
