/**
 * Two people, two machines: each test of an adoption path sets the guard up
 * on one "machine" (its own HOME and install location), pushes, removes that
 * install, and has a teammate on another clone the repository and commit.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This checkout, whose build the tests pack. */
export const PROJECT = fileURLToPath(new URL('../../', import.meta.url));

export interface Run {
  readonly code: number;
  /** stdout and stderr, as a terminal shows them. */
  readonly out: string;
  readonly stdout: string;
}

/**
 * What of the test runner's environment a machine shares: how this machine
 * reaches the registry (certificates, proxies, npm's global config), not
 * anything of the person (HOME, PATH, installs).
 */
const MACHINE_WIDE = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'LANG'];
const npmGlobalConfig = execFileSync('npm', ['config', 'get', 'globalconfig'], { encoding: 'utf8' }).trim();

/** One person's machine: a HOME, a global install prefix, and an environment that knows nothing of the test runner's. */
export interface Machine {
  readonly home: string;
  readonly prefix: string;
  readonly env: NodeJS.ProcessEnv;
  run(cwd: string, command: string, args: readonly string[], extra?: NodeJS.ProcessEnv): Promise<Run>;
}

const scratch = mkdtempSync(join(tmpdir(), 'ssot-guard-clones-'));
export const cleanupScratch = (): void => rmSync(scratch, { recursive: true, force: true });
/** npm's download cache, shared by the machines: a cache is not an install. */
const npmCache = join(scratch, 'npm-cache');

export function scratchDir(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function machine(name: string): Machine {
  const home = scratchDir(`${name}-home`);
  const prefix = scratchDir(`${name}-prefix`);
  // node, npm and git where the test runner finds them; nothing else of its PATH (no ssot-guard on it).
  const tools = [...new Set([dirname(process.execPath), '/usr/bin', '/bin'])];
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(MACHINE_WIDE.flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : []))),
    // Setting the prefix moves npm's global config with it: the machine's stays the one read.
    npm_config_globalconfig: npmGlobalConfig,
    HOME: home,
    PATH: [join(prefix, 'bin'), ...tools].join(delimiter),
    npm_config_prefix: prefix,
    npm_config_cache: npmCache,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: `${name}@localhost`,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: `${name}@localhost`,
    NO_COLOR: '1',
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_CONFIG_HOME: join(home, '.config'),
  };
  writeFileSync(join(home, '.gitconfig'), '[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n');
  return {
    home,
    prefix,
    env,
    run: (cwd, command, args, extra = {}) =>
      new Promise((resolve) =>
        execFile(command, [...args], { cwd, env: { ...env, ...extra }, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, out: `${stdout}${stderr}`, stdout }),
        ),
      ),
  };
}

/** Runs and fails the test with the output when the command fails; resolves with its stdout. */
export async function must(m: Machine, cwd: string, command: string, args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await m.run(cwd, command, args, extra);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${r.code}:\n${r.out}`);
  return r.stdout;
}

let packed: Promise<string> | null = null;

/** This checkout packed as npm would publish it (its dist already built by test:integrations), once per process. */
export function tarball(): Promise<string> {
  packed ??= (async () => {
    const dir = scratchDir('tarball');
    const out = await must(machine('packer'), PROJECT, 'npm', ['pack', '--ignore-scripts', '--pack-destination', dir]);
    return join(dir, out.trim().split('\n').pop()!);
  })();
  return packed;
}

/** The founding shape in a few files, with a rule, and the two commits every path makes. */
export const CONFIG = JSON.stringify({
  rules: [{
    id: 'ws', message: 'Use Bridge, not Manager.', scope: { files: ['app/**'] },
    canonical: ['app.bridge.Bridge'], legacy: ['app.legacy.Manager'],
  }],
}, null, 2);

export const FILES: Record<string, string> = {
  'app/__init__.py': '',
  'app/bridge.py': 'class Bridge:\n    pass\n',
  'app/legacy.py': 'class Manager:\n    pass\n',
  'app/factory.py': 'from app.bridge import Bridge\n',
};

export const MIXED = 'from app.bridge import Bridge\nfrom app.legacy import Manager\n';
export const CLEAN = 'from app.bridge import Bridge\n\n\ndef make():\n    return Bridge()\n';

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/**
 * The teammate's two commits in their clone: one that mixes the patterns
 * (refused, with the rule's message), then a clean one (accepted).
 */
export async function teammateCommits(m: Machine, clone: string, factory = 'app/factory.py'): Promise<{ refused: Run; accepted: Run }> {
  writeFiles(clone, { [factory]: MIXED });
  await must(m, clone, 'git', ['add', factory]);
  const refused = await m.run(clone, 'git', ['commit', '-q', '-m', 'mix']);
  writeFiles(clone, { [factory]: CLEAN });
  await must(m, clone, 'git', ['add', factory]);
  const accepted = await m.run(clone, 'git', ['commit', '-q', '-m', 'clean']);
  return { refused, accepted };
}
