import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckResult, Violation } from '../../../src/model/index.js';
import { loadReporter } from '../../../src/report/registry.js';
import { escapeHtml } from '../../../src/report/html-escape.js';
import { externalReferences, startTags } from '../../helpers/html-tags.js';

/** Repo-derived text a hostile or unlucky repository can hold: markup in a path, a message, a symbol, a source line. */
const HOSTILE_FILE = 'app/<img src=x onerror=alert(1)>.py';
const HOSTILE_MESSAGE = 'Use "Bridge" & not <script>alert(1)</script>';

const violation = (over: Partial<Violation>): Violation => ({
  rule: 'ws', severity: 'error', file: 'app/factory.py' as never, line: 2, column: 24, unit: '<file>' as never,
  message: 'Use Bridge, not Manager.', fingerprint: 'f1' as never, status: 'new', chain: [],
  evidence: [
    { side: 'canonical', use: 'import', symbol: 'app.bridge.Bridge' as never, line: 1, column: 24, via: [], origin: 'app.bridge.Bridge' },
    { side: 'legacy', use: 'import', symbol: 'app.legacy.Manager' as never, line: 2, column: 24, via: ['app.compat.OldManager'], origin: 'app.legacy._Impl' },
  ],
  ...over,
});

const result: CheckResult = {
  snapshot: 'staged',
  ruleErrors: [{ config: 'ssot-guard.config.json', rule: 'gone', path: '/rules/1/legacy/0', message: 'no module "app.<gone>"' }],
  violations: [
    violation({}),
    violation({ file: HOSTILE_FILE as never, message: HOSTILE_MESSAGE, severity: 'warning', fingerprint: 'f2' as never, unit: 'make' as never, chain: ['app.routes', 'app.mid', 'app.legacy'] }),
  ],
  diagnostics: [
    { file: 'app/broken.py' as never, line: 3, column: 1, code: 'syntax', message: 'invalid syntax' },
    { file: 'app/huge.py' as never, line: 1, column: 1, code: 'too-large', message: 'too large to judge' },
  ],
  baseline: { known: 4, stale: [] },
  stats: { files: 12, parsed: 3, cacheHits: 9, ms: 5, daemon: false },
};
const sourceLine = (file: string, line: number): string | undefined =>
  file === HOSTILE_FILE && line === 2 ? 'from app.legacy import Manager  # </pre><script>x()</script>' : undefined;

async function page(r: CheckResult = result) {
  return (await loadReporter('html'))(r, { color: false, sourceLine });
}

/** The items of one list, by the class the page gives them. */
function items(html: string, cls: string): string[] {
  return [...html.matchAll(new RegExp(`<li class="${cls}[ "][\\s\\S]*?</li>\\n?(?=<li class="${cls}[ "]|</ol>)`, 'g'))].map((m) => m[0]);
}

describe('check --format html', () => {
  it('escapes every repo-derived string: only the page\'s own script runs', async () => {
    const { output } = await page();
    assert.deepEqual(startTags(output).map((t) => t.name).filter((n) => n === 'script' || n === 'img'), ['script'], 'one <script>, the page\'s own');
    assert.ok(output.includes(escapeHtml(HOSTILE_FILE)), 'the path, escaped');
    assert.ok(output.includes('Use &quot;Bridge&quot; &amp; not &lt;script&gt;alert(1)&lt;/script&gt;'), 'the message, escaped');
    assert.ok(output.includes('# &lt;/pre&gt;&lt;script&gt;x()&lt;/script&gt;'), 'the source line, escaped');
    assert.ok(output.includes('no module &quot;app.&lt;gone&gt;&quot;'), 'the rule error, escaped');
    assert.equal(escapeHtml(`<a href="x" title='y'>&`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;');
  });

  it('is self-contained: nothing fetched from anywhere', async () => {
    const { output } = await page();
    assert.deepEqual(externalReferences(output), []);
    assert.deepEqual(startTags(output).filter((t) => t.name === 'script').map((t) => t.attributes), [[]], 'one inline script');
    assert.match(output, /^<!doctype html>/);
    assert.match(output, /<style>[\s\S]+<\/style>/);
  });

  it('lists each violation with rule, file, line, message, both sides, the via chain, the import chain and the fix', async () => {
    const { output } = await page();
    const listed = items(output, 'violation');
    assert.equal(listed.length, 2);
    const first = listed.find((l) => l.includes('app/factory.py'))!;
    const second = listed.find((l) => l.includes(escapeHtml(HOSTILE_FILE)))!;
    assert.match(first, /class="violation error"/);
    assert.match(first, /<code class="rule">ws<\/code> <span class="file">app\/factory\.py:2:24<\/span>/);
    assert.match(first, /<p class="message">Use Bridge, not Manager\.<\/p>/);
    assert.match(first, /<span class="side-legacy">legacy<\/span> <code>app\.legacy\.Manager<\/code>.*via <code>app\.compat\.OldManager → app\.legacy\._Impl<\/code>/);
    assert.match(first, /<span class="side-canonical">canonical<\/span> <code>app\.bridge\.Bridge<\/code>/);
    assert.ok(first.indexOf('side-legacy') < first.indexOf('side-canonical'), 'legacy first, as the text report');
    assert.match(first, /fix: use app\.bridge\.Bridge instead of app\.legacy\.Manager in this file/);
    assert.match(second, /class="violation warning"/);
    assert.match(second, /<span class="unit">in make<\/span>/);
    assert.match(second, /import chain: <code>app\.routes → app\.mid → app\.legacy<\/code>/);
    assert.match(second, /<pre> {4}2 \| from app\.legacy import Manager/);
    // What the search box filters on.
    assert.match(first, /data-search="ws app\/factory\.py [^"]*app\.legacy\._Impl[^"]*"/);
  });

  it('lists rule errors and diagnostics, and the counts', async () => {
    const { output, exitCode } = await page();
    assert.equal(exitCode, 2, 'rule errors exit 2, as every reporter');
    assert.match(output, /<h2>Rule errors \(1\)<\/h2>[\s\S]*ssot-guard\.config\.json: \/rules\/1\/legacy\/0: no module/);
    assert.match(output, /<li class="diagnostic warning"[^>]*>.*app\/broken\.py:3:1<\/span> <code>syntax<\/code> invalid syntax/);
    assert.match(output, /<li class="diagnostic error"[^>]*>.*app\/huge\.py:1:1<\/span> <code>too-large<\/code>/);
    const count = (k: string) => new RegExp(`<dd data-count="${k.replace(/[()]/g, '\\$&')}">([^<]*)</dd>`).exec(output)?.[1];
    assert.equal(count('violations'), '2 (1 errors, 1 warnings; 2 new)');
    assert.equal(count('files with violations'), '2');
    assert.equal(count('rule errors'), '1');
    assert.equal(count('files not judged'), '1');
    assert.equal(count('file warnings'), '1');
    assert.equal(count('baselined (tolerated)'), '4');
    assert.equal(count('files checked'), '12 (3 parsed, 9 cached, 5 ms)');
    assert.match(output, /class="verdict bad">✖ 1 rule error: the rules cannot be judged as written/);
  });

  it('a clean verdict says so and exits 0', async () => {
    const clean = { ...result, ruleErrors: [], violations: [], diagnostics: [] };
    const { output, exitCode } = await page(clean);
    assert.equal(exitCode, 0);
    assert.match(output, /class="verdict good">✔ no violations/);
    assert.match(output, /No violations\./);
    assert.doesNotMatch(output, /Rule errors|Files with problems/);
  });
});
