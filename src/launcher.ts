#!/usr/bin/env node
/**
 * The `ssot-guard` bin (bundled to dist/bundle/cli.cjs): runs the bundled
 * CLI beside it, dist/bundle/cli-main.cjs, compiled with a V8 code cache
 * kept per command in the user's cache directory (launch/), because on a
 * one-shot `check --staged` compiling the CLI cost about as much as the
 * check itself.
 */
import './launch/require-node.js';
import { fileURLToPath } from 'node:url';
import { commandOf } from './launch/code-cache-file.js';
import { IncompleteInstallError, runWithCodeCache } from './launch/run-with-code-cache.js';

try {
  runWithCodeCache(fileURLToPath(new URL('./cli-main.cjs', import.meta.url)), commandOf(process.argv.slice(2)));
} catch (err) {
  // A build that is not there is the install's problem (exit 2, what to do); one that cannot start is a
  // crash (exit 3, the stack); neither is 1 ("violations found").
  if (err instanceof IncompleteInstallError) {
    process.stderr.write(`ssot-guard: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`ssot-guard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 3;
  }
}
