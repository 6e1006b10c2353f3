import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { openRepo, type GitRepo } from '../git/repo.js';
import { asRepoPath, type Config, type RepoPath } from '../model/index.js';
import { parseConfig } from '../config/load-config.js';
import { configsFor, locateConfig, nearestConfig } from '../config/config-files.js';
import { packageVersion } from '../config/package-version.js';
import { singleFlight } from '../daemon/single-flight.js';
import type { Overlay } from '../session/overlay-source.js';
import { openBufferIndex, readOnlyFactStore, type BufferIndex, type BufferVerdict } from './buffer-index.js';
import { diagnosticsByFile, type DiagnosticContext } from './diagnostics.js';
import { configErrorDiagnostics, ruleErrorDiagnostics } from './config-diagnostics.js';
import { codeActions, EXPLAIN_COMMAND } from './code-actions.js';
import { hoverAt } from './hover.js';
import { EMPTY_PUBLISH_STATE, publishPlan, type PublishState } from './publish-plan.js';

/** The streams the server speaks LSP over (`--stdio`: the process's own). */
export interface LspStreams {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/** The repository, its config file and the rules it loaded, once the client said where the workspace is. */
interface Workspace {
  readonly repo: GitRepo;
  /** Absolute path of the config that governs the workspace folder. */
  readonly configFile: string;
  /** The config's directory relative to the root: its paths are relative to it. */
  readonly base: string;
}

/**
 * `ssot-guard lsp --stdio`: diagnostics for open buffers as they are typed
 * (their text is the file's content for the verdict), for the files an edit
 * flips, and for the config file; suppression and explain code actions; the
 * origin chain on hover. The engine is an in-process index of the working
 * tree (buffer-index.ts) over the fact cache the daemon and CLI keep warm.
 * Resolves when the client exits.
 */
export function runLspServer(streams: LspStreams): Promise<void> {
  const connection = createConnection(new StreamMessageReader(streams.input), new StreamMessageWriter(streams.output));
  const documents = new TextDocuments(TextDocument);
  let workspace: Workspace | null = null;
  let index: BufferIndex | null = null;
  let facts: ReturnType<typeof readOnlyFactStore> | null = null;
  /** The config text the index judges with (a valid edit of the config's buffer replaces the index). */
  let configHash: string | null = null;
  let verdict: BufferVerdict | null = null;
  let published: PublishState = EMPTY_PUBLISH_STATE;
  let judgedOnce = false;
  let showDocument = false;
  let watchedFiles = false;
  const log = (m: string): void => connection.console.log(`ssot-guard: ${m}`);

  const pathOf = (uri: string): RepoPath | null => {
    if (!workspace || !uri.startsWith('file:')) return null;
    const file = fileURLToPath(uri);
    // The root as git prints it has symlinks resolved; the editor's path may not (a new buffer's file may not exist yet).
    let real = file;
    try {
      real = join(realpathSync(dirname(file)), basename(file));
    } catch {
      // A directory that does not exist: taken as written.
    }
    const rel = relative(workspace.repo.root, real).split('\\').join('/');
    return rel.startsWith('..') || rel === '' ? null : asRepoPath(rel);
  };
  const uriOf = (path: string): string => pathToFileURL(join(workspace!.repo.root, path)).href;
  const configUri = (): string | null => (workspace ? pathToFileURL(workspace.configFile).href : null);
  const isConfig = (uri: string): boolean => workspace !== null && pathOf(uri) === pathOf(configUri()!);

  const overlay = (): Overlay => {
    const out = new Map<RepoPath, Buffer>();
    for (const doc of documents.all()) {
      const path = pathOf(doc.uri);
      if (path && !isConfig(doc.uri)) out.set(path, Buffer.from(doc.getText(), 'utf8'));
    }
    return out;
  };

  const lineOf = (file: RepoPath, line: number): string | undefined => {
    const doc = documents.get(uriOf(file));
    if (doc) return doc.getText({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } }).replace(/\r?\n$/, '');
    return verdict?.sourceLine(file, line);
  };
  const context: DiagnosticContext = { lineOf, uriOf };

  /** The config's text: its buffer when open, else the file. */
  const configText = async (): Promise<string> => {
    const open = documents.get(configUri()!);
    return open ? open.getText() : readFile(workspace!.configFile, 'utf8').catch(() => '');
  };

  const publishConfig = (diagnostics: LspDiagnostic[]): void => {
    const uri = configUri();
    if (uri) void connection.sendDiagnostics({ uri, diagnostics });
  };

  /** Loads the config (buffer or disk); a valid one that differs from the index's replaces the index. Errors go on the config file. */
  const loadRules = async (): Promise<boolean> => {
    const text = await configText();
    const loaded = parseConfig(text, workspace!.base);
    if ('errors' in loaded) {
      publishConfig(configErrorDiagnostics(TextDocument.create(configUri()!, 'json', 0, text), loaded.errors));
      // The previous rules (if any) keep judging: the buffer is mid-edit.
      return index !== null;
    }
    if (loaded.config.hash === configHash && index) return true;
    index?.close();
    index = openBufferIndex(workspace!.repo, loaded.config, (facts ??= readOnlyFactStore(workspace!.repo)));
    configHash = loaded.config.hash;
    return true;
  };

  const judge = singleFlight(async () => {
    if (!workspace) return;
    try {
      if (!(await loadRules()) || !index) return;
      const started = performance.now();
      const config: Config = index.config;
      verdict = await index.judge(overlay());
      const byFile = diagnosticsByFile(verdict.result, context);
      const open = documents.all().map((d) => pathOf(d.uri)).filter((p): p is RepoPath => p !== null && !isConfig(uriOf(p)));
      const plan = publishPlan(published, byFile, open, !judgedOnce);
      judgedOnce = true;
      published = plan.state;
      for (const path of plan.targets) void connection.sendDiagnostics({ uri: uriOf(path), diagnostics: byFile.get(path) ?? [] });
      const text = await configText();
      const own = verdict.result.ruleErrors.filter((e) => e.config === config.file);
      publishConfig(ruleErrorDiagnostics(TextDocument.create(configUri()!, 'json', 0, text), own));
      log(`${verdict.result.violations.length} violation(s), ${own.length} rule error(s), ${plan.targets.length} file(s) published in ${Math.round(performance.now() - started)} ms`);
    } catch (err) {
      connection.console.error(`ssot-guard: judging failed: ${(err as Error).stack ?? String(err)}`);
    }
  });

  connection.onInitialize(async (params: InitializeParams) => {
    showDocument = params.capabilities.window?.showDocument?.support === true;
    watchedFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? (params.rootPath ? pathToFileURL(params.rootPath).href : null);
    const cwd = folder ? fileURLToPath(folder) : process.cwd();
    workspace = await openWorkspace(cwd).catch((err: Error) => {
      connection.console.error(`ssot-guard: ${err.message}`);
      return null;
    });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: true,
        hoverProvider: true,
        executeCommandProvider: { commands: [EXPLAIN_COMMAND] },
      },
      serverInfo: { name: 'ssot-guard', version: packageVersion() },
    };
  });

  connection.onInitialized(() => {
    if (watchedFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    judge.run();
  });

  documents.onDidOpen(() => judge.run());
  documents.onDidChangeContent(() => judge.run());
  // A closed buffer's file is judged as it is on disk again.
  documents.onDidClose((e) => {
    if (isConfig(e.document.uri)) configHash = null;
    judge.run();
  });
  documents.onDidSave(() => {
    index?.diskChanged();
    judge.run();
  });
  connection.onDidChangeWatchedFiles(() => {
    index?.diskChanged();
    judge.run();
  });

  connection.onHover((params) => {
    const path = pathOf(params.textDocument.uri);
    if (!path || !verdict) return null;
    const violations = verdict.result.violations.filter((v) => v.file === path);
    return hoverAt(violations, params.position, (line) => lineOf(path, line));
  });

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !index) return [];
    return codeActions(doc, params.range, params.context.diagnostics, new Set(index.config.rules.map((r) => r.id)));
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command !== EXPLAIN_COMMAND || !index) return null;
    const uri = String(params.arguments?.[0] ?? '');
    const path = pathOf(uri);
    if (!path) return null;
    const text = await index.explain(overlay(), path);
    // Shown as a document where the client can (LSP 3.16 window/showDocument), else as a message; returned either way.
    // (A notification, not window/showMessageRequest: a client need not answer it.)
    if (showDocument) {
      const file = join(mkdtempSync(join(tmpdir(), 'ssot-guard-explain-')), `${basename(path)}.explain.txt`);
      writeFileSync(file, text);
      await connection.window.showDocument({ uri: pathToFileURL(file).href, takeFocus: true }).catch((err: Error) => log(`showDocument failed: ${err.message}`));
    } else {
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: text });
    }
    return text;
  });

  const exited = new Promise<void>((done) => {
    connection.onExit(() => done());
    streams.input.on('end', () => done());
  });
  connection.onShutdown(async () => {
    await judge.idle;
    index?.close();
    facts?.close();
  });
  documents.listen(connection);
  connection.listen();
  return exited;
}

/** The repository at `cwd` and the config that governs it (the nearest, or the only one below). */
async function openWorkspace(cwd: string): Promise<Workspace> {
  const repo = await openRepo(cwd);
  const files = await configsFor(repo.root, cwd, undefined);
  if (!files.length) throw new Error(`no ssot-guard.config.json in ${cwd}, above it in the repository, or below it: run "ssot-guard init"`);
  // The nearest governs; with none above, the only one below (several: the first, as named in the log).
  const file = resolve(nearestConfig(repo.root, cwd) ?? files[0]!);
  const where = locateConfig(repo.root, file);
  if ('outside' in where) throw new Error(where.outside);
  return { repo, configFile: file, base: where.base };
}
