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
  return withBlock(existing, hookBlock(localBin), shebang, runsGuard);
}

/**
 * A hook file that also holds `block` (our marker to our end marker): new,
 * appended, or the block put right in place. `already` says the file does
 * what the block would without it (a call written by hand).
 */
export function withBlock(existing: string | null, block: string, shebang: boolean, already: (content: string) => boolean = () => false): string | null {
  if (existing === null) return `${shebang ? '#!/bin/sh\n' : ''}${block}`;
  const lines = existing.split('\n');
  const range = blockRange(lines);
  if (range) return [...lines.slice(0, range[0]), ...block.replace(/\n$/, '').split('\n'), ...lines.slice(range[1])].join('\n');
  if (already(existing)) return existing;
  const lastCommand = lines
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .at(-1);
  if (lastCommand && /^(exec|exit)\b/.test(lastCommand)) return null;
  return `${existing}${existing.endsWith('\n') || existing === '' ? '' : '\n'}${block}`;
}

/**
 * The lines `init` adds to husky's post-checkout (the JavaScript layout):
 * husky's hooks dir (`<dir>/_`, what core.hooksPath names, relative) is
 * git-ignored, so a worktree made by `git worktree add` has none and git
 * would run no hook there at all, silently. `git worktree add` runs
 * post-checkout in the new worktree, through the hooks dir of the worktree it
 * was run from (git makes that path absolute): this copies that dir into the
 * new worktree when it has none. Never fails the checkout.
 */
export function worktreeHooksBlock(huskyDir: string): string {
  const here = shQuote(`${huskyDir}/_`);
  return [
    `${MARKER} a new linked worktree gets husky's hooks dir, without which git runs no hook there (git worktree add runs this hook in it)`,
    `if [ ! -f ${here}/h ] && [ -f "\${0%/*}/_/h" ]; then`,
    `  mkdir -p ${here} && cp -p "\${0%/*}/_/"* "\${0%/*}/_/.gitignore" ${here}/ 2>/dev/null || echo "ssot-guard: could not copy husky's hooks dir into $(pwd); run ssot-guard init there, or git commits there are not checked" >&2`,
    'fi',
    END,
    '',
  ].join('\n');
}

/** Marks the dispatchers `init` writes into git's own hooks dir. */
export const DISPATCHER_MARKER = '# ssot-guard: worktree hooks';

/**
 * A hook in git's own hooks dir (`<git-common-dir>/hooks`, the layout with no
 * package.json): git runs those from every worktree of the clone, at that
 * worktree's root, and finds them wherever the repository moves. It runs
 * this worktree's `<huskyDir>/<hook>` the way husky's own runner does
 * (~/.config/husky/init.sh, HUSKY=0, node_modules/.bin on PATH), so the
 * committed hook files stay the team's single definition.
 */
export function dispatcher(huskyDir: string): string {
  return [
    '#!/bin/sh',
    `${DISPATCHER_MARKER}: runs this worktree's ${huskyDir}/<hook>, written by ssot-guard init`,
    '# (git runs the hooks of this dir from every worktree of the clone, at its root).',
    'n=${0##*/}',
    `s=${shQuote(huskyDir)}/$n`,
    '[ -f "$s" ] || exit 0',
    'i="${XDG_CONFIG_HOME:-$HOME/.config}/husky/init.sh"',
    '# shellcheck disable=SC1090',
    '[ -f "$i" ] && . "$i"',
    '[ "${HUSKY-}" = "0" ] && exit 0',
    'PATH="node_modules/.bin:$PATH"',
    'export PATH',
    'sh -e "$s" "$@"',
    '',
  ].join('\n');
}

export function isDispatcher(content: string): boolean {
  return content.includes(DISPATCHER_MARKER);
}
