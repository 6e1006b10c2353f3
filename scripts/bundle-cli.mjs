// Bundles the CLI (dist/src/cli.js, as tsc wrote it) into dist/bundle/: one ES
// module per entry point, each whole (no shared chunks: with them a check
// loaded thirty files), dependencies inlined. A one-shot `check --staged`
// loaded about sixty modules one by one, 50 ms of a 300 ms check on Node 20.
// Entry points keep their names, so `new URL('./parse-worker.js',
// import.meta.url)` finds the worker beside the code that asks, and the hook
// imports `check-command.js` by name.
// oxc-parser stays external: it loads a native binding by path.
import { build } from 'esbuild';
import { copyFileSync } from 'node:fs';

await build({
  entryPoints: {
    cli: 'dist/src/cli.js',
    'check-command': 'dist/src/cli/check-command.js',
    'parse-worker': 'dist/src/facts/parse-worker.js',
    'judge-worker': 'dist/src/daemon/judge-worker.js',
  },
  outdir: 'dist/bundle',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ES builds of dependencies that ship both (jsonc-parser's UMD build requires its parts at run time).
  mainFields: ['module', 'main'],
  external: ['oxc-parser'],
  // Less source to scan on every start (the CLI is 0.5 MB); names are kept, so a stack trace still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS dependencies (picomatch, ajv's runtime) require node built-ins: an ES module has no `require` of its own.
  banner: { js: "import { createRequire as __ssotCreateRequire } from 'node:module'; const require = __ssotCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
// The config validator the build compiled is required beside the code that validates.
copyFileSync('dist/src/config/schema-validator.cjs', 'dist/bundle/schema-validator.cjs');
