/** Each command's help, printed by `ssot-guard <command> --help`; the top-level usage is made of their first lines. */
export const COMMAND_USAGE = {
  check: `usage: ssot-guard check [--staged | --all | --worktree | --auto] [--format text|json|sarif|github|html] [--config FILE] [--no-color] [--no-daemon] [FILE...]
  --staged      (default) what the commit will contain: violations not already in HEAD
  --all         every violation in the index (CI); also fails while fixed baseline entries are not pruned
  --worktree    the files on disk, tracked and untracked-but-not-ignored
  --auto        --staged when git runs it as a commit's hook (git sets GIT_INDEX_FILE), else --all (the pre-commit framework's hook)
  --format      text (default), json, sarif, github, or html (one self-contained page: violations, chains, counts)
  --config      the config file (default: ssot-guard.config.json, searched upward from here)
  --no-color    no colour (also NO_COLOR=1; FORCE_COLOR=1 forces it)
  --no-daemon   judge in-process and start no daemon (also SSOT_GUARD_NO_DAEMON=1)
  FILE...       report only on these files (as lint-staged passes them); the whole snapshot is still judged`,
  explain: `usage: ssot-guard explain <file> [--worktree] [--config FILE]
  every rule's verdict for one file, and why: scope, origins, chains (the index; --worktree: the file on disk)`,
  graph: `usage: ssot-guard graph --focus <module> [--dependents | --dependencies] [--depth N|all] [--format text|dot|mermaid|svg|html] [--config FILE]
  the import graph around one module, legacy and canonical modules marked (svg, html: drawn in-process, no Graphviz needed)`,
  baseline: `usage: ssot-guard baseline [--prune | --update] [--config FILE]
  records today's violations in ssot-guard.baseline.json; --prune only shrinks it, --update may grow it`,
  daemon: `usage: ssot-guard daemon start|stop|status|restart [--format text|json]
  the warm daemon check --staged asks first (one per worktree, started on demand)`,
  watch: `usage: ssot-guard watch [--format text|json] [--no-daemon] [--config FILE] [--no-color]
  the working-tree and staged verdicts, live (the daemon's when one runs)`,
  trace: `usage: ssot-guard trace [--format text|json|sarif] [--config FILE] [--no-color] -- <command...>
  runs the command (the test suite) with a tracer in every Python process it starts, then judges the rules over
  what the code did at run time beside the static verdict of check --all; exit: the command's failure code, else 1 for violations`,
  lsp: `usage: ssot-guard lsp --stdio
  a Language Server Protocol server over stdin/stdout for editors: diagnostics for unsaved buffers as they are typed,
  suppression and explain code actions, origin chains on hover, errors of the config file at their field`,
  init: `usage: ssot-guard init
  writes ssot-guard.config.json here if missing (a monorepo package gets its own) and wires the repository's pre-commit hook (husky)`,
} as const;

export type CommandName = keyof typeof COMMAND_USAGE;

export const USAGE = `usage: ssot-guard <command> [options]

commands:
${Object.values(COMMAND_USAGE).map((u) => `  ${u.split('\n')[0]!.replace(/^usage: ssot-guard /, '')}`).join('\n')}
  help

  ssot-guard <command> --help: that command's options

exit codes: 0 clean, 1 violations, 2 usage or config error, 3 internal error`;
