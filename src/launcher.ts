#!/usr/bin/env node
/**
 * The `ssot-guard` bin (bundled to dist/bundle/cli.cjs): runs the bundled
 * CLI beside it, dist/bundle/cli-main.cjs, compiled with a V8 code cache
 * kept per command in the user's cache directory (launch/), because on a
 * one-shot `check --staged` compiling the CLI cost about as much as the
 * check itself.
 */
import './launch/require-node.js';
import { join } from 'node:path';
import { commandOf } from './launch/code-cache-file.js';
import { launchWithCodeCache } from './launch/run-with-code-cache.js';

launchWithCodeCache(join(import.meta.dirname, 'cli-main.cjs'), commandOf(process.argv.slice(2)));
