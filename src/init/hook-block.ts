/** Marks the lines `init` adds to a hook file, so running it again changes nothing. */
const MARKER = '# ssot-guard:';
const END = '# ssot-guard: end';

/** `'...'` for sh, whatever the path holds. */
export function shQuote(s: string): string {
  return /^[A-Za-z0-9_./@:-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The lines that run the guard. They name nothing of the machine that wrote
 * them: the guard is found at run time in the project's node_modules/.bin
 * (`localBin`, relative to the root, where git runs hooks), else on PATH (a
 * global install); when it is in neither, the commit is refused with what
 * to do, never passed and never a raw `sh` error.
 */
export function hookBlock(localBin: string): string {
  return [
    `${MARKER} refuse commits that reintroduce a dual pattern (skip once: git commit --no-verify)`,
    `ssot_guard=${shQuote(localBin)}`,
    '[ -x "$ssot_guard" ] || ssot_guard=$(command -v ssot-guard-pre-commit || true)',
    'if [ -z "$ssot_guard" ]; then',
    "  printf '%s\\n' 'ssot-guard: not installed here (not in node_modules/.bin, not on PATH), so this commit cannot be checked and is refused.' \\",
    "    '  A JavaScript repository: npm ci (ssot-guard is one of its devDependencies).' \\",
    "    '  Otherwise install it once: npm install -g ssot-guard (or a tarball or git URL), then run ssot-guard init.' \\",
    "    '  A git client started from a GUI may lack your PATH: put it in ~/.config/husky/init.sh.' \\",
    "    '  Skip the check once with: git commit --no-verify' >&2",
    '  exit 1',
    'fi',
    '"$ssot_guard" || exit $?',
    END,
    '',
  ].join('\n');
}

/** Whether a hook file already runs ssot-guard, by our marker or by a call someone wrote by hand. */
export function runsGuard(content: string): boolean {
  return content.includes(MARKER) || /ssot-guard(?:\/hooks\/pre-commit|-hook|-pre-commit|\s+check)/.test(content);
}

/**
 * Where our block is in a hook file: from the marker to the end marker, or,
 * as earlier versions wrote it, the marker and the `sh <path>` line after it
 * (an absolute path into the machine that ran init: what this replaces).
 */
function blockRange(lines: readonly string[]): [number, number] | null {
  const start = lines.findIndex((l) => l.startsWith(MARKER) && l !== END);
  if (start < 0) return null;
  const end = lines.indexOf(END, start);
  if (end >= 0) return [start, end + 1];
  return /^sh\s/.test(lines[start + 1] ?? '') ? [start, start + 2] : [start, start + 1];
}

/**
 * A hook file that also runs the guard: a new one, the old one with the
 * block appended, or with an earlier version's block put right. Null when
 * appending would never run: a line that `exec`s or `exit`s unconditionally
 * at the end ends the script before it.
 */
export function withGuard(existing: string | null, localBin: string, shebang: boolean): string | null {
  const block = hookBlock(localBin);
  if (existing === null) return `${shebang ? '#!/bin/sh\n' : ''}${block}`;
  const lines = existing.split('\n');
  const range = blockRange(lines);
  if (range) return [...lines.slice(0, range[0]), ...block.replace(/\n$/, '').split('\n'), ...lines.slice(range[1])].join('\n');
  if (runsGuard(existing)) return existing;
  const lastCommand = lines
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .at(-1);
  if (lastCommand && /^(exec|exit)\b/.test(lastCommand)) return null;
  return `${existing}${existing.endsWith('\n') || existing === '' ? '' : '\n'}${block}`;
}
