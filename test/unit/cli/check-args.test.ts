import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCheckArgs } from '../../../src/cli/check-args.js';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCheckArgs(argv, env, '/repo');

describe('check arguments', () => {
  it('defaults: the staged snapshot, text, the daemon on', () => {
    assert.deepEqual(parse([]), { mode: 'staged', format: 'text', config: undefined, color: 'auto', daemon: true, files: null });
    // No argument skips node's parser: what it yields is what the parser yields for the default spelled out.
    assert.deepEqual(parse([]), parse(['--staged']));
    assert.equal(parse(['--no-color'])!.color, 'never');
    assert.equal(parse([], { NO_COLOR: '1' })!.color, 'never');
    assert.equal(parse([], { FORCE_COLOR: '1' })!.color, 'always');
    assert.equal(parse([], { FORCE_COLOR: '0' })!.color, 'never');
  });

  it('--auto judges the commit inside a git hook (GIT_INDEX_FILE set) and everything elsewhere', () => {
    assert.equal(parse(['--auto'], { GIT_INDEX_FILE: '/repo/.git/index' })!.mode, 'staged');
    assert.equal(parse(['--auto'])!.mode, 'all');
  });

  it('--no-daemon and SSOT_GUARD_NO_DAEMON=1 judge in-process; files are resolved from the cwd', () => {
    assert.equal(parse(['--no-daemon'])!.daemon, false);
    assert.equal(parse([], { SSOT_GUARD_NO_DAEMON: '1' })!.daemon, false);
    assert.deepEqual(parse(['--all', 'app/a.py'])!.files, ['/repo/app/a.py']);
  });

  it('two modes, or an unknown format: a usage error naming the fix', () => {
    assert.throws(() => parse(['--staged', '--all']), /choose one of --staged, --all, --worktree, --auto \(got --staged --all\)/);
    assert.throws(() => parse(['--format', 'xml']), /unknown --format "xml" \(.*json.*\)/);
  });
});
