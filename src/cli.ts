/**
 * The CLI's commands. Shipped bundled (dist/bundle/cli-main.cjs) and started
 * by the bin, launcher.ts; the daemon runs this compiled file as it is.
 */
import './launch/require-node.js';
import { EXIT, UsageError } from './cli/exit-codes.js';
import { settleProcess } from './cli/settle-process.js';
import { USAGE } from './cli/usage.js';
import { didYouMean, nearestNames } from './text/nearest-names.js';

type Command = (argv: string[]) => Promise<number>;

/** Each command is loaded on demand, so the hook path stays small. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./cli/check-command.js')).runCheck,
  explain: async () => (await import('./cli/explain-command.js')).runExplain,
  graph: async () => (await import('./cli/graph-command.js')).runGraph,
  baseline: async () => (await import('./cli/baseline-command.js')).runBaseline,
  init: async () => (await import('./cli/init-command.js')).runInit,
  daemon: async () => (await import('./cli/daemon-command.js')).runDaemonCommand,
  watch: async () => (await import('./cli/watch-command.js')).runWatch,
  lsp: async () => (await import('./cli/lsp-command.js')).runLsp,
  trace: async () => (await import('./trace/trace-command.js')).runTrace,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && Object.hasOwn(COMMANDS, command)) return (await COMMANDS[command]!())(rest);
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? EXIT.usage : EXIT.ok;
    case '--version':
    case 'version': {
      const { packageVersion } = await import('./config/package-version.js');
      process.stdout.write(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    default:
      throw new UsageError(`unknown command "${command}"${didYouMean(nearestNames(command, [...Object.keys(COMMANDS), 'help', 'version']))}`, EXIT.usage, true);
  }
}

settleProcess(main(process.argv.slice(2)), USAGE);
