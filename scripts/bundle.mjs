// Bundles what tsc wrote under dist/src/ with esbuild, so a command pays for
// loading one file, not sixty (on Node 20 the ES module loader and each extra
// module cost a check measurable milliseconds):
//
// - the hook client, dist/src/hook-main.cjs: one CommonJS file (about 1.2x a
//   bare `node -e 0`, against 1.3x as ES modules), run by the hook bin,
//   dist/src/hook.cjs (src/hook.ts), as a script with a V8 code cache, as the
//   CLI is (compiling it cost each commit about 2 ms). `import.meta` is kept
//   meaningful, so its in-process fallback is found beside it in dist/bundle/.
// - the bin, dist/bundle/cli.cjs (src/launcher.ts), the CLI it runs,
//   dist/bundle/cli-main.cjs, and the hook's in-process fallback,
//   dist/bundle/check-command.cjs: CommonJS, because they are compiled as
//   scripts with a V8 code cache, which Node 20 offers for scripts only.
// - dist/bundle/*.js: the workers, one ES module each, whole. Entry points
//   keep their names, so `new URL('./parse-worker.js', import.meta.url)`
//   finds the worker beside the code that asks.
//
// Dependencies are inlined, except oxc-parser (it loads a native binding by path) and @viz-js/viz
// (Graphviz as WebAssembly, 1.2 MB of source: required from node_modules by graph --format svg|html
// alone, so no other command, and never the hook, parses it on start).
import { build } from 'esbuild';
import { copyFileSync } from 'node:fs';

const node = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };
// ES builds of dependencies that ship both (jsonc-parser's UMD build requires its parts at run time).
const inlined = { mainFields: ['module', 'main'], external: ['oxc-parser', '@viz-js/viz'] };
// Less source to scan on every start (the CLI is 0.5 MB); names are kept, so a stack trace still reads.
const small = { minifyWhitespace: true, minifySyntax: true };
// A CommonJS build of ES modules: strict as they were, and `import.meta` the file's own. Its URL is
// made on first use: the hook never asks for it, and making it cost the commit a cold URL parse.
const commonJs = {
  format: 'cjs',
  define: { 'import.meta.url': '__ssot_meta.url', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
  banner: {
    js: "'use strict';const __ssot_meta = { get url() { const url = require('node:url').pathToFileURL(__filename).href; Object.defineProperty(this, 'url', { value: url }); return url; } };",
  },
};

await Promise.all([
  build({ ...node, ...commonJs, ...small, entryPoints: ['dist/src/hook.js'], outfile: 'dist/src/hook.cjs' }),
  // A script node:vm compiles has no loader for import(): each is made a require.
  build({ ...node, ...commonJs, ...small, supported: { 'dynamic-import': false }, entryPoints: ['dist/src/hook-main.js'], outfile: 'dist/src/hook-main.cjs' }),
  build({ ...node, ...commonJs, entryPoints: ['dist/src/launcher.js'], outfile: 'dist/bundle/cli.cjs' }),
  ...[
    ['dist/src/cli.js', 'dist/bundle/cli-main.cjs'],
    ['dist/src/cli/check-command.js', 'dist/bundle/check-command.cjs'],
  ].map(([entry, outfile]) =>
    build({
      ...node,
      ...commonJs,
      ...inlined,
      ...small,
      // `import('node:fs/promises')` made a require: a script node:vm compiles has no loader for import().
      supported: { 'dynamic-import': false },
      entryPoints: [entry],
      outfile,
    }),
  ),
  build({
    ...node,
    ...inlined,
    ...small,
    entryPoints: {
      'parse-worker': 'dist/src/facts/parse-worker.js',
      'judge-worker': 'dist/src/daemon/judge-worker.js',
    },
    outdir: 'dist/bundle',
    format: 'esm',
    // CommonJS dependencies (picomatch, ajv's runtime) require node built-ins: an ES module has no `require` of its own.
    banner: { js: "import { createRequire as __ssotCreateRequire } from 'node:module'; const require = __ssotCreateRequire(import.meta.url);" },
  }),
]);
// The config validator the build compiled (scripts/compile-schema.mjs) is required beside the code that validates.
copyFileSync('dist/src/config/schema-validator.cjs', 'dist/bundle/schema-validator.cjs');
