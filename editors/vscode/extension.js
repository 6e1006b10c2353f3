// The whole extension: start `ssot-guard lsp --stdio` for the workspace and let
// vscode-languageclient speak LSP with it. Diagnostics, code actions (suppress,
// explain), hover and the config file's errors all come from the server.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** The setting, else the workspace's own install (the version its hook runs), else PATH. */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration('ssotGuard').get('path');
  if (configured) return configured;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const local = folder && join(folder, 'node_modules', '.bin', process.platform === 'win32' ? 'ssot-guard.cmd' : 'ssot-guard');
  return local && existsSync(local) ? local : 'ssot-guard';
}

async function activate(context) {
  const command = serverCommand();
  const run = { command, args: ['lsp', '--stdio'], options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath } };
  client = new LanguageClient('ssot-guard', 'ssot-guard', { run, debug: run }, {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'typescriptreact' },
      { scheme: 'file', language: 'javascript' },
      { scheme: 'file', language: 'javascriptreact' },
      { scheme: 'file', pattern: '**/ssot-guard.config.json' },
    ],
    // Files changed outside the editor: the server registers its own watcher (workspace/didChangeWatchedFiles).
  });
  context.subscriptions.push(
    // The palette's entry: the server's explain command for the active file (also offered as a code action).
    vscode.commands.registerCommand('ssot-guard.explain.active', () => {
      const uri = vscode.window.activeTextEditor?.document.uri.toString();
      if (uri) return vscode.commands.executeCommand('ssot-guard.explain', uri);
    }),
  );
  await client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
