import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

/** The parts of LSP's types these tests read (the protocol's own, written out: the test needs no server library). */
export interface Position {
  readonly line: number;
  readonly character: number;
}
export interface Range {
  readonly start: Position;
  readonly end: Position;
}
export interface LspDiagnostic {
  readonly range: Range;
  readonly code?: string | number;
  readonly source?: string;
  readonly message: string;
  readonly relatedInformation?: ReadonlyArray<{ readonly location: { readonly uri: string; readonly range: Range }; readonly message: string }>;
}
export interface Published {
  readonly uri: string;
  readonly diagnostics: readonly LspDiagnostic[];
}

/** How long a test waits for an expected notification before failing. */
const WAIT_MS = 15_000;


/** A real JSON-RPC client (vscode-jsonrpc) talking to `ssot-guard lsp --stdio` as a child process. */
export interface LspSession {
  readonly connection: MessageConnection;
  readonly child: ChildProcess;
  uri(path: string): string;
  /**
   * The next publishDiagnostics for `uri` that `accept` takes. Ask for it
   * before sending what should cause it: notifications already received are not looked at.
   */
  diagnostics(uri: string, accept?: (d: readonly LspDiagnostic[]) => boolean, waitMs?: number): Promise<readonly LspDiagnostic[]>;
  open(path: string, text: string, languageId?: string): Promise<void>;
  change(path: string, text: string): Promise<void>;
  /** didClose: the file is judged as it is on disk again. */
  closeDocument(path: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts `cli lsp --stdio` in `root` (the tests and the latency bench pass the
 * bundled CLI, as the bin ships), initializes it, and returns the client.
 */
export async function startLsp(cli: string, root: string, env: Record<string, string> = {}): Promise<LspSession> {
  const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: Array<{ uri: string; accept: (d: readonly LspDiagnostic[]) => boolean; done: (d: readonly LspDiagnostic[]) => void }> = [];
  /** The last diagnostics published for each URI: what a waiter that timed out names. */
  const latest = new Map<string, readonly LspDiagnostic[]>();
  connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
    latest.set(p.uri, p.diagnostics);
    for (const w of [...waiters]) {
      if (w.uri !== p.uri || !w.accept(p.diagnostics)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.done(p.diagnostics);
    }
  });
  // The server's log, on stderr when asked (SSOT_GUARD_LSP_TEST_LOG=1): what it judged, and any failure.
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    if (process.env['SSOT_GUARD_LSP_TEST_LOG']) process.stderr.write(`[lsp] ${p.message}\n`);
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  const uri = (path: string): string => pathToFileURL(join(root, path)).href;
  const versions = new Map<string, number>();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'fixture' }],
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  await connection.sendNotification('initialized', {});
  const languageOf = (path: string): string => (path.endsWith('.py') ? 'python' : path.endsWith('.json') ? 'json' : 'typescript');
  return {
    connection,
    child,
    uri,
    diagnostics: (u, accept = () => true, waitMs = WAIT_MS) =>
      new Promise((done, fail) => {
        // A deadline, not a sleep: a verdict that never comes fails the test instead of hanging it.
        const timer = setTimeout(() => fail(new Error(`no publishDiagnostics for ${u} as expected within ${waitMs} ms; last: ${JSON.stringify(latest.get(u) ?? null)}`)), waitMs);
        waiters.push({ uri: u, accept, done: (d) => (clearTimeout(timer), done(d)) });
      }),
    open: async (path, text, languageId = languageOf(path)) => {
      versions.set(path, 1);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(path), languageId, version: 1, text } });
    },
    change: async (path, text) => {
      const version = (versions.get(path) ?? 1) + 1;
      versions.set(path, version);
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(path), version }, contentChanges: [{ text }] });
    },
    closeDocument: async (path) => {
      await connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(path) } });
    },
    close: async () => {
      const exited = new Promise((done) => child.once('exit', done));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      await exited;
      connection.dispose();
    },
  };
}
