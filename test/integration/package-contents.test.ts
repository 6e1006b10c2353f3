import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** dist/test/integration/ -> the package root. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the package', () => {
  it('ships the runtime, its schemas and hooks, and a LICENSE; no test or bench file', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    assert.deepEqual(files.filter((f) => /(^|\/)(test|bench)\//.test(f)), []);
    for (const needed of ['LICENSE', 'README.md', 'package.json', 'dist/bundle/cli.cjs', 'dist/src/hook.cjs', 'dist/src/hook-main.cjs', 'hooks/pre-commit', 'config/schema.json', 'config/output.schema.json', 'python/site/sitecustomize.py', 'python/ssot_guard_trace/__init__.py']) {
      assert.ok(files.includes(needed), `${needed} is shipped`);
    }
  });

  it("every relative link in the README resolves", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t));
    assert.ok(targets.length > 0);
    for (const t of targets) assert.ok(existsSync(join(ROOT, t)), `README links ${t}`);
    // Sections the README sends the reader to exist.
    for (const [, section] of readme.matchAll(/see \*([^*]+)\*/g)) assert.match(readme, new RegExp(`^#+ ${section!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'), section);
  });
});
