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
import { launchWithCodeCache } from './launch/run-with-code-cache.js';

launchWithCodeCache(join(import.meta.dirname, 'hook-main.cjs'), 'hook');
