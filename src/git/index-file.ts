/**
 * The paths of git's index file (gitformat-index(5): "DIRC", versions 2 to
 * 4), read without a git process: on the pre-commit path a spawn costs the
 * commit 6 to 10 ms. Null whenever the file holds what this reader does not
 * follow, a split index (entries in another file) or a sparse one
 * (directories standing for their files), or is not well formed: the caller
 * then asks git. Only the paths ending with `endingWith` are returned.
 */
export function indexPaths(bytes: Buffer, endingWith: Buffer = Buffer.alloc(0)): string[] | null {
  if (bytes.length < 12 + 20 || bytes.toString('latin1', 0, 4) !== 'DIRC') return null;
  const version = bytes.readUInt32BE(4);
  if (version < 2 || version > 4) return null;
  const count = bytes.readUInt32BE(8);
  const paths: string[] = [];
  // Version 4's paths are rebuilt in one reused buffer; versions 2 and 3 are compared where they lie.
  // (No object per entry: on a 10,000-entry index that allocation was most of the read.)
  let current = Buffer.alloc(version === 4 ? 4096 : 0);
  let currentLength = 0;
  let at = 12;
  for (let i = 0; i < count; i++) {
    // ctime, mtime, dev, ino, mode, uid, gid, size (4 bytes each), then the object id (20 or 32 bytes) and the flags.
    const flagsAt = findFlags(bytes, at);
    if (flagsAt < 0) return null;
    const flags = bytes.readUInt16BE(flagsAt);
    const extended = version >= 3 && (flags & 0x4000) !== 0;
    const name = flagsAt + 2 + (extended ? 2 : 0);
    let path: Buffer;
    let start: number;
    let length: number;
    if (version === 4) {
      // Prefix compression: how many bytes of the previous path to drop (a varint), then the rest, NUL-ended.
      const [strip, after] = readVarint(bytes, name);
      if (after < 0 || strip > currentLength) return null;
      const end = bytes.indexOf(0, after);
      if (end < 0) return null;
      const kept = currentLength - strip;
      if (kept + end - after > current.length) current = Buffer.concat([current.subarray(0, kept), Buffer.alloc(kept + end - after)]);
      bytes.copy(current, kept, after, end);
      currentLength = kept + end - after;
      path = current;
      start = 0;
      length = currentLength;
      at = end + 1;
    } else {
      // The flags hold the path's length when it is under 0xFFF; longer paths are found by their NUL.
      const stated = flags & 0xfff;
      const end = stated < 0xfff ? name + stated : bytes.indexOf(0, name + stated);
      if (end < 0 || end >= bytes.length || bytes[end] !== 0) return null;
      path = bytes;
      start = name;
      length = end - name;
      // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes from their start.
      at += Math.ceil((end - at + 1) / 8) * 8;
    }
    // The flags hold the path's length (up to 0xFFF): an entry read at the wrong offset (a sha256 index) fails here.
    if ((flags & 0xfff) !== Math.min(length, 0xfff)) return null;
    // Decoded only when wanted: a large index has tens of thousands of paths and the caller few.
    const tail = start + length;
    const last = endingWith.length - 1;
    if (length > last && (last < 0 || path[tail - 1] === endingWith[last]) && path.compare(endingWith, 0, endingWith.length, tail - endingWith.length, tail) === 0) {
      paths.push(path.toString('utf8', start, tail));
    }
  }
  // Extensions: a split index keeps its entries elsewhere; a sparse index stands directories for files.
  while (at + 8 <= bytes.length - 20) {
    const signature = bytes.toString('latin1', at, at + 4);
    if (signature === 'link' || signature === 'sdir') return null;
    at += 8 + bytes.readUInt32BE(at + 4);
  }
  return paths;
}

/** Where an entry's flags are: after 40 bytes of stat data and a sha1 (20) object id. (sha256 repositories: not read here.) */
function findFlags(bytes: Buffer, entry: number): number {
  const at = entry + 40 + 20;
  return at + 2 <= bytes.length ? at : -1;
}

/** git's offset varint (each continued byte adds one before shifting); [value, next offset], offset -1 when cut short. */
function readVarint(bytes: Buffer, at: number): [number, number] {
  if (at >= bytes.length) return [0, -1];
  let byte = bytes[at++]!;
  let value = byte & 0x7f;
  while (byte & 0x80) {
    if (at >= bytes.length) return [0, -1];
    byte = bytes[at++]!;
    value = ((value + 1) << 7) | (byte & 0x7f);
  }
  return [value, at];
}
