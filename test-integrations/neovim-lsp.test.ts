import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempRepos } from '../test/helpers/repo-fixture.js';
import { CLI } from '../test/helpers/run-cli.js';
import { LSP_FILES, MIXED_FACTORY } from '../test/helpers/lsp-repo.js';

const repos = tempRepos();
const work = mkdtempSync(join(tmpdir(), 'ssot-guard-nvim-'));
after(async () => {
  await repos.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/**
 * Neovim's own LSP client, headless. Debian 12 ships 0.7, which has no
 * `vim.lsp.start` (0.8): `start_client` and `buf_attach_client` are what
 * exist there, and in every later version. The script edits the buffer
 * without saving it, waits (`vim.wait`, Neovim's event loop) for our
 * diagnostic, and writes what `vim.diagnostic.get` holds as JSON.
 */
const SCRIPT = `
local out = vim.env.SSOT_NVIM_OUT
local client = vim.lsp.start_client({
  name = 'ssot-guard',
  cmd = { vim.env.SSOT_NVIM_NODE, vim.env.SSOT_NVIM_CLI, 'lsp', '--stdio' },
  root_dir = vim.env.SSOT_NVIM_ROOT,
})
vim.lsp.buf_attach_client(0, client)
local ours = function()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if d.source == 'ssot-guard' then
      table.insert(found, { lnum = d.lnum, col = d.col, code = code, message = d.message })
    end
  end
  return found
end
-- The clean file first: a verdict with no diagnostic, then the unsaved edit that mixes the patterns.
vim.wait(20000, function() return vim.lsp.get_client_by_id(client).initialized end, 20)
local mixed = vim.split(vim.env.SSOT_NVIM_MIXED, '\\n', { plain = true })
vim.api.nvim_buf_set_lines(0, 0, -1, false, mixed)
local arrived = vim.wait(20000, function() return #ours() > 0 end, 20)
local f = io.open(out, 'w')
f:write(vim.fn.json_encode({ arrived = arrived, modified = vim.bo.modified, diagnostics = ours() }))
f:close()
vim.cmd('qa!')
`;

function nvim(root: string, file: string, out: string): Promise<void> {
  const script = join(work, 'lsp.lua');
  writeFileSync(script, SCRIPT);
  const env = { ...process.env, SSOT_NVIM_OUT: out, SSOT_NVIM_NODE: process.execPath, SSOT_NVIM_CLI: CLI, SSOT_NVIM_ROOT: root, SSOT_NVIM_MIXED: MIXED_FACTORY.replace(/\n$/, ''), SSOT_GUARD_NO_DAEMON: '1' };
  return new Promise((resolve, reject) =>
    execFile('nvim', ['--headless', '--clean', '-c', `luafile ${script}`, file], { cwd: root, env, timeout: 60_000 }, (err, _stdout, stderr) => (err ? reject(new Error(`nvim: ${err.message}\n${stderr}`)) : resolve())),
  );
}

describe('Neovim (headless, its built-in LSP client)', () => {
  it('an unsaved edit of a real file that mixes the patterns gets the diagnostic at the legacy import', async () => {
    const r = await repos.make(LSP_FILES);
    const out = join(work, 'diagnostics.json');
    await nvim(r.root, join(r.root, 'app/factory.py'), out);
    const got = JSON.parse(readFileSync(out, 'utf8')) as { arrived: boolean; modified: boolean; diagnostics: Array<{ lnum: number; col: number; code: string; message: string }> };
    assert.equal(got.arrived, true, 'a diagnostic arrived');
    assert.equal(got.modified, true, 'the buffer was not saved');
    assert.deepEqual(got.diagnostics, [{ lnum: 1, col: 23, code: 'one-manager', message: 'Reach the manager only through Bridge.' }]);
    // Judged from the buffer: the file on disk is as committed.
    assert.equal(readFileSync(join(r.root, 'app/factory.py'), 'utf8'), LSP_FILES['app/factory.py']);
  });
});
