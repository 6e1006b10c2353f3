import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * A regular file's bytes, or null. Opened without blocking and checked
 * before it is read: a FIFO where the index has a file would otherwise
 * hang the read until someone writes to it.
 */
export function readRegularFile(file: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    return fstatSync(fd).isFile() ? readFileSync(fd) : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
