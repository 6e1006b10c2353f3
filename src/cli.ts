/**
 * The CLI's commands. Shipped bundled (dist/bundle/cli-main.cjs) and started
 * by the bin, launcher.ts; the daemon runs this compiled file as it is.
 */
import { EXIT, UsageError } from './cli/exit-codes.js';
import { settleProcess } from './cli/settle-process.js';

const USAGE = `usage: ssot-guard <command> [options]

commands:
  check [--staged | --all | --worktree] [--format text|json|sarif|github] [--config FILE] [--no-color]
        --staged    (default) what the commit will contain, violations not already in HEAD
        --all       every violation in the index (CI); also fails while fixed baseline entries are not pruned
        --worktree  files on disk, tracked and untracked-not-ignored
  explain <file> [--worktree]      every rule's verdict for one file, and why (scope, origins, chains)
  graph --focus <module> [--dependents | --dependencies] [--depth N] [--format text|dot|mermaid]
  baseline [--prune | --update]    record today's violations in ssot-guard.baseline.json; --prune only shrinks it
  daemon start|stop|status|restart [--format json]   the warm daemon --staged asks first (one per worktree)
  watch [--format text|json] [--no-daemon] [--config FILE] [--no-color]
                                   the working-tree and staged verdicts, live (the daemon's when one runs)
  init                             write ssot-guard.config.json if missing and wire the pre-commit hook (husky)
  help

exit codes: 0 clean, 1 violations, 2 usage or config error, 3 internal error`;

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
      const { packageVersion } = await import('./cli/package-version.js');
      process.stdout.write(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    default:
      throw new UsageError(`unknown command "${command}"`, EXIT.usage, true);
  }
}

settleProcess(main(process.argv.slice(2)), USAGE);
