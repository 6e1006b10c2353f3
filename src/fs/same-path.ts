import { realpathSync } from 'node:fs';

/** Whether two paths name one file or directory, however spelled (false when either cannot be resolved). */
export function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
