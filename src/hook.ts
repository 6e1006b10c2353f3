#!/usr/bin/env node
/**
 * The `ssot-guard-hook` bin (bundled to dist/src/hook.cjs), what
 * hooks/pre-commit runs: the hook client beside it, dist/src/hook-main.cjs
 * (hook-main.ts), compiled with a V8 code cache kept in the user's cache
 * directory (launch/), as the `ssot-guard` bin runs the CLI: compiling the
 * client cost each commit about 2 ms of its 12.
 */
import './launch/require-node.js';
import { join } from 'node:path';
import { IncompleteInstallError, runWithCodeCache } from './launch/run-with-code-cache.js';

try {
  runWithCodeCache(join(import.meta.dirname, 'hook-main.cjs'), 'hook');
} catch (err) {
  // A client that is not there is the install's problem (exit 2, what to do); one that cannot start is a
  // crash (exit 3, the stack); neither is 0 (a pass) or 1 (violations found).
  if (err instanceof IncompleteInstallError) {
    process.stderr.write(`ssot-guard: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`ssot-guard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 3;
  }
}
