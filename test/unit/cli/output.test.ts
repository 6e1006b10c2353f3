import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';

const OUTPUT_MODULE = new URL('../../../src/cli/output.js', import.meta.url).href;

/**
 * A process that writes through directOutput: `setup` runs first, then each
 * line of `writes` ([fd, text]) is written, then it exits with code 5 (a
 * verdict's code, neither a pass nor a crash).
 */
function writer(setup: string, writes: string, waitForStdin = false): ReturnType<typeof spawn> {
  const program = `
    import { directOutput } from ${JSON.stringify(OUTPUT_MODULE)};
    ${setup}
    const out = directOutput();
    const go = () => { for (const [fd, text] of ${writes}) (fd === 1 ? out.stdout : out.stderr)(text); void out.exit(5); };
    ${waitForStdin ? "process.stdin.once('data', go);" : 'go();'}
  `;
  return spawn(process.execPath, ['--input-type=module', '-e', program], { stdio: ['pipe', 'pipe', 'pipe'] });
}

async function collect(child: ReturnType<typeof spawn>): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const out: Buffer[] = [];
  let err = '';
  child.stdout!.on('data', (b: Buffer) => out.push(b));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout: Buffer.concat(out), stderr: err };
}

describe('directOutput', () => {
  it('writes stdout and stderr in order and exits with the code given', async () => {
    const res = await collect(writer('', `[[1, 'one\\n'], [2, 'warn\\n'], [1, 'two ✔\\n']]`));
    assert.equal(res.code, 5);
    assert.equal(res.stdout.toString(), 'one\ntwo ✔\n');
    assert.equal(res.stderr, 'warn\n');
  });

  it('a full non-blocking pipe: the rest waits for the stream, whole and in order, before the exit', async () => {
    // Touching process.stdout makes node set the pipe non-blocking: 8 MB then cannot go out at once.
    const child = writer('process.stdout;', `Array.from({ length: 8 }, (_, i) => [1, String(i).repeat(1024 * 1024)])`);
    const res = await collect(child);
    assert.equal(res.code, 5, res.stderr);
    const expected = Array.from({ length: 8 }, (_, i) => String(i).repeat(1024 * 1024)).join('');
    assert.equal(res.stdout.length, expected.length);
    assert.ok(res.stdout.toString() === expected, 'the bytes arrived whole and in order');
  });

  it('a reader that is gone costs the output, never the exit code', async () => {
    const child = writer('', `[[1, 'x'.repeat(1024 * 1024)], [2, 'still here\\n']]`, true);
    let err = '';
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout!.destroy();
    child.stdin!.end('go\n');
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 5, err);
    assert.equal(err, 'still here\n');
  });

  it('a pipe or /dev/null is no terminal, and telling loads no node:tty (which loads node:net)', async () => {
    const program = `
      import { directOutput } from ${JSON.stringify(OUTPUT_MODULE)};
      const terminal = directOutput().stdoutIsTerminal();
      // Read before process.stderr is touched: a pipe's stream loads node:net itself.
      const seen = JSON.stringify({ terminal, tty: process.moduleLoadList.some((m) => /^NativeModule (tty|net)$/.test(m)) });
      process.stderr.write(seen);
    `;
    const devNull = openSync('/dev/null', 'w');
    try {
      for (const stdout of ['pipe', devNull] as const) {
        const child = spawn(process.execPath, ['--input-type=module', '-e', program], { stdio: ['ignore', stdout, 'pipe'] });
        let err = '';
        child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
        await once(child, 'close');
        const seen = JSON.parse(err) as { terminal: boolean; tty: boolean };
        assert.equal(seen.terminal, false, String(stdout));
        // /dev/null is a character device: only there is node:tty asked.
        assert.equal(seen.tty, stdout !== 'pipe', String(stdout));
      }
    } finally {
      closeSync(devNull);
    }
  });
});
