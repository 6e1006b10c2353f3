// Bundles what tsc wrote under dist/src/ with esbuild, so a command pays for
// loading one file, not sixty (on Node 20 the ES module loader and each extra
// module cost a check measurable milliseconds):
//
// - the hook client, dist/src/hook.cjs: one CommonJS file (about 1.2x a bare
//   `node -e 0`, against 1.3x as ES modules). `import.meta.url` is kept
//   meaningful, so its in-process fallback is found by URL in dist/bundle/.
// - the CLI, dist/bundle/: one ES module per entry point, each whole (with
//   shared chunks a check loaded thirty files), dependencies inlined. Entry
//   points keep their names, so `new URL('./parse-worker.js', import.meta.url)`
//   finds the worker beside the code that asks, and the hook imports
//   `check-command.js` by name. oxc-parser stays external: it loads a native
//   binding by path.
import { build } from 'esbuild';
import { copyFileSync } from 'node:fs';

const node = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };

await Promise.all([
  build({
    ...node,
    entryPoints: ['dist/src/hook.js'],
    outfile: 'dist/src/hook.cjs',
    format: 'cjs',
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  }),
  build({
    ...node,
    entryPoints: {
      cli: 'dist/src/cli.js',
      'check-command': 'dist/src/cli/check-command.js',
      'parse-worker': 'dist/src/facts/parse-worker.js',
      'judge-worker': 'dist/src/daemon/judge-worker.js',
    },
    outdir: 'dist/bundle',
    format: 'esm',
    // ES builds of dependencies that ship both (jsonc-parser's UMD build requires its parts at run time).
    mainFields: ['module', 'main'],
    external: ['oxc-parser'],
    // Less source to scan on every start (the CLI is 0.5 MB); names are kept, so a stack trace still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    // CommonJS dependencies (picomatch, ajv's runtime) require node built-ins: an ES module has no `require` of its own.
    banner: { js: "import { createRequire as __ssotCreateRequire } from 'node:module'; const require = __ssotCreateRequire(import.meta.url);" },
  }),
]);
// The config validator the build compiled (scripts/compile-schema.mjs) is required beside the code that validates.
copyFileSync('dist/src/config/schema-validator.cjs', 'dist/bundle/schema-validator.cjs');
