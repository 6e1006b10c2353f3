import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GitError, gitEnv, runGit } from '../../../src/git/run-git.js';
import { tempRepos } from '../../helpers/repo-fixture.js';

const repos = tempRepos();
after(() => repos.cleanup());

describe('runGit', () => {
  it('resolves with stdout as bytes and feeds input to stdin', async () => {
    const r = await repos.make({});
    const out = await runGit(r.root, ['hash-object', '--stdin'], { input: Buffer.from('hello\n') });
    assert.equal(out.toString('utf8'), 'ce013625030ba8dba906f756967f9e9ca394464a\n');
  });

  it('rejects naming the command and git stderr on a non-zero exit', async () => {
    const r = await repos.make({});
    await assert.rejects(runGit(r.root, ['rev-parse', 'no-such-ref']), (err: unknown) => {
      assert.ok(err instanceof GitError);
      assert.equal(err.exitCode, 128);
      assert.match(err.message, /git rev-parse no-such-ref failed \(exit 128\)/);
      assert.match(err.message, /no-such-ref/);
      assert.match(err.stderr, /ambiguous argument|unknown revision/);
      return true;
    });
  });

  it('treats exit codes listed in allowExit as answers', async () => {
    const r = await repos.make({});
    const out = await runGit(r.root, ['rev-parse', '--verify', '-q', 'HEAD'], { allowExit: [1] });
    assert.equal(out.length, 0);
  });

  it('rejects with the cwd when git cannot start there', async () => {
    await assert.rejects(runGit('/nonexistent/ssot-guard', ['status']), /cannot run git status in \/nonexistent\/ssot-guard/);
  });

  it('never takes optional locks and speaks the C locale', () => {
    const env = gitEnv();
    assert.equal(env['GIT_OPTIONAL_LOCKS'], '0');
    assert.equal(env['LC_ALL'], 'C');
  });
});
