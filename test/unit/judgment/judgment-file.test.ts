import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgmentKey, loadJudgments, saveJudgments } from '../../../src/judgment/judgment-file.js';
import { makeConfig, makeRule } from '../../helpers/engine-fixture.js';
import { judgedTexts } from '../../helpers/judged-texts.js';
import { diskFullOn } from '../../helpers/fact-cache-fixture.js';
import { writeAll } from '../../../src/fs/owned-file.js';

const config = makeConfig([makeRule()], { hash: 'file-test' });
const key = judgmentKey(config, 'facts-v', 'tool-v');

function judged() {
  const files: Record<string, string> = {
    'app/__init__.py': '',
    'app/bridge.py': 'class Bridge:\n    pass\n',
    'app/legacy/__init__.py': '',
    'app/legacy/ws.py': 'class Manager:\n    pass\n',
    'app/agents/a.py': 'from app.bridge import Bridge\nfrom app.legacy.ws import Manager\n',
  };
  return judgedTexts(config, files);
}

const tempFile = (): string => join(mkdtempSync(join(tmpdir(), 'ssot-judgments-')), 'state', 'judgments.bin');

test('judgments written are read back with their evaluation, for the same key only', async () => {
  const file = tempFile();
  const snapshot = judged();
  assert.equal(snapshot.evaluation().violations.length, 1);
  assert.deepEqual(await saveJudgments(file, key, config, snapshot, null), { ok: true });
  const back = await loadJudgments(file, key, config);
  assert.ok(back);
  assert.deepEqual(back.files, snapshot.files);
  assert.deepEqual(back.evaluation(), snapshot.evaluation());
  assert.equal(statSync(file).mode & 0o777, 0o600, 'owner-only');
  assert.equal(await loadJudgments(file, judgmentKey(config, 'facts-v2', 'tool-v'), config), null, 'another extractor version');
  assert.equal(await loadJudgments(file, judgmentKey(makeConfig([makeRule()], { hash: 'other' }), 'facts-v', 'tool-v'), config), null, 'another config');
});

test('a damaged, truncated, foreign or group-writable judgments file is never used', async () => {
  const file = tempFile();
  await saveJudgments(file, key, config, judged(), null);
  const good = readFileSync(file);
  const flipped = Buffer.from(good);
  flipped[flipped.length - 10]! ^= 0xff;
  for (const [what, bytes] of [['bit flip', flipped], ['truncated', good.subarray(0, good.length - 100)], ['garbage', Buffer.from('not a judgments file at all')], ['empty', Buffer.alloc(0)]] as const) {
    writeFileSync(file, bytes);
    assert.equal(await loadJudgments(file, key, config), null, what);
  }
  writeFileSync(file, good);
  assert.ok(await loadJudgments(file, key, config));
  if (process.getuid?.() !== undefined) {
    chmodSync(file, 0o666);
    assert.equal(await loadJudgments(file, key, config), null, 'writable by others: could be forged');
  }
  assert.equal(await loadJudgments(join(file, 'missing'), key, config), null);
});

test('a write that fails reports why and leaves the earlier file in place', async () => {
  const file = tempFile();
  await saveJudgments(file, key, config, judged(), null);
  const result = await saveJudgments(file, key, config, judged(), null, diskFullOn(0, writeAll));
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.error, /judgments\.bin/);
  assert.ok(await loadJudgments(file, key, config));
  assert.deepEqual(readdirSync(join(file, '..')), ['judgments.bin'], 'no tmp file left behind');
});
