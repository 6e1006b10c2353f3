/**
 * The oldest Node this build runs on (package.json `engines`). On an older
 * one the CLI would not fail cleanly: a missing API shows up as a raw
 * SyntaxError, or a cache that is silently never used. Imported first by
 * every entry point, so it runs before anything that needs a newer Node.
 */
export const REQUIRED_NODE = '20.19.0';

/** Whether `version` (`v20.19.2`, `18.20.4`) is at least `required`. */
export function satisfies(version: string, required: string = REQUIRED_NODE): boolean {
  const have = version.replace(/^v/, '').split('.').map(Number);
  const need = required.split('.').map(Number);
  for (let i = 0; i < need.length; i++) {
    const h = have[i] ?? 0;
    if (h !== need[i]) return h > need[i]!;
  }
  return true;
}

/**
 * Refuses to go on under an older Node: one line that says which is needed
 * and which ran, exit 2 (a usage error, and for a hook a refused commit).
 * SSOT_GUARD_TEST_NODE_VERSION stands for the running version in tests.
 */
export function refuseOldNode(version: string = process.env['SSOT_GUARD_TEST_NODE_VERSION'] || process.versions.node): void {
  if (satisfies(version)) return;
  process.stderr.write(`ssot-guard: needs Node.js ${REQUIRED_NODE} or newer, but this is Node.js ${version.replace(/^v/, '')} (${process.execPath}); install a newer Node, or put one first on PATH (git hooks: ~/.config/husky/init.sh)\n`);
  process.exit(2);
}
