import { EXIT, UsageError } from './exit-codes.js';
import { parseCommandArgs } from './command-args.js';
import { COMMAND_USAGE } from './usage.js';

/**
 * `ssot-guard lsp --stdio`: the language server, until the client exits.
 * `--clientProcessId` is accepted because vscode-languageclient passes it;
 * the server ends when its input does, which covers a client that dies.
 */
export async function runLsp(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs({ name: 'lsp', usage: COMMAND_USAGE.lsp, options: { stdio: { type: 'boolean' }, clientProcessId: { type: 'string' } }, positionals: false }, argv);
  if (!parsed) return EXIT.ok;
  if (!parsed.values.stdio) throw new UsageError('lsp speaks over stdin and stdout only: ssot-guard lsp --stdio', EXIT.usage, COMMAND_USAGE.lsp);
  // Loaded here: no other command pays for the protocol library.
  const { runLspServer } = await import('../lsp/server.js');
  await runLspServer({ input: process.stdin, output: process.stdout });
  return EXIT.ok;
}
