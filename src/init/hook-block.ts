/** Marks the lines `init` adds to a hook file, so running it again changes nothing. */
const MARKER = '# ssot-guard:';

/** `'...'` for sh, whatever the path holds. */
export function shQuote(s: string): string {
  return /^[A-Za-z0-9_./@:-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The lines that run the guard: a comment that says what it is and how to skip it, and the call. */
export function hookBlock(guardScript: string): string {
  return `${MARKER} refuse commits that reintroduce a dual pattern (skip once: git commit --no-verify)\nsh ${shQuote(guardScript)}\n`;
}

/** Whether a hook file already runs ssot-guard, by our marker or by a call someone wrote by hand. */
export function runsGuard(content: string): boolean {
  return content.includes(MARKER) || /ssot-guard(?:\/hooks\/pre-commit|-hook|\s+check)/.test(content);
}

/**
 * A hook file that also runs the guard: a new one, or the old one with the
 * block appended. Null when appending would never run: a line that `exec`s
 * or `exit`s unconditionally at the end ends the script before it.
 */
export function withGuard(existing: string | null, guardScript: string, shebang: boolean): string | null {
  const block = hookBlock(guardScript);
  if (existing === null) return `${shebang ? '#!/bin/sh\n' : ''}${block}`;
  if (runsGuard(existing)) return existing;
  const lastCommand = existing
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .at(-1);
  if (lastCommand && /^(exec|exit)\b/.test(lastCommand)) return null;
  return `${existing}${existing.endsWith('\n') || existing === '' ? '' : '\n'}${block}`;
}
