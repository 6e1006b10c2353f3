// Bundles the hook client (dist/src/hook.js, as tsc wrote it) into one
// CommonJS file, dist/src/hook.cjs: on Node 20 the ES module loader and each
// extra module cost the hook about 1.3x a bare `node -e 0`; one CommonJS file
// costs about 1.2x. `import.meta.url` is kept meaningful, so the in-process
// fallback is still imported from the unbundled dist/src/cli/.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/hook.js'],
  outfile: 'dist/src/hook.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
