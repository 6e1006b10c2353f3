import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One use the tracer saw: the declared symbol, how, and the in-repository frames, innermost first. */
export interface RuntimeUse {
  readonly symbol: string;
  readonly kind: 'fetch' | 'call';
  readonly frames: ReadonlyArray<readonly [file: string, line: number, unit: string]>;
}

/** What one traced process wrote; `complete` false when it ended without its end marker (killed, or left through os._exit). */
export interface ProcessEvidence {
  readonly file: string;
  readonly pid: number;
  readonly argv: readonly string[];
  readonly complete: boolean;
  readonly uses: readonly RuntimeUse[];
}

/** Parses one process's JSON lines; a last line cut off mid-write is dropped, and the process is incomplete. */
export function parseEvidence(file: string, text: string): ProcessEvidence {
  let pid = 0;
  let argv: string[] = [];
  let complete = false;
  const uses: RuntimeUse[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof value['start'] === 'number') {
      pid = value['start'];
      argv = (value['argv'] as string[] | undefined) ?? [];
    } else if ('end' in value) complete = true;
    else if (typeof value['symbol'] === 'string') uses.push(value as unknown as RuntimeUse);
  }
  return { file, pid, argv, complete, uses };
}

/** Every process's evidence in the trace dir, in file-name order. */
export async function readEvidenceDir(dir: string): Promise<ProcessEvidence[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
  return Promise.all(names.map(async (n) => parseEvidence(n, await readFile(join(dir, n), 'utf8'))));
}
