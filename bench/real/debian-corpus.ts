import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Where the real corpus comes from: the machine's own CPython standard
 * library and Debian's Python packages, found with dpkg, installed with
 * apt-get when missing. No network but the apt mirror, no pip.
 */

/** The Debian interpreter whose library is the corpus (not a pyenv or venv python3 first on PATH). */
export const DEBIAN_PYTHON = '/usr/bin/python3';
const DIST_PACKAGES = '/usr/lib/python3/dist-packages/';

/** Each becomes packages/<dir>/ in the repo, one python root. Order is the layout's, not the install's. */
export const CORPUS_PACKAGES: readonly string[] = [
  'python3-django',
  'python3-sympy',
  'python3-numpy',
  'python3-scipy',
  'python3-pandas',
  'python3-matplotlib',
  'python3-sklearn',
  'python3-statsmodels',
  'python3-networkx',
  'python3-twisted',
  'python3-sqlalchemy',
  'python3-tornado',
  'python3-babel',
  'python3-docutils',
  'python3-sphinx',
  'python3-pygments',
  'python3-pip',
  'python3-setuptools',
];

export interface CorpusSource {
  /** Repo directory under packages/ (or `stdlib`) -> absolute source file -> path below the directory. */
  readonly parts: ReadonlyArray<{ readonly dir: string; readonly deb: string; readonly version: string; readonly files: ReadonlyArray<{ readonly from: string; readonly to: string }> }>;
  /** Packages asked for that are not installed and could not be: the corpus goes without them. */
  readonly missing: readonly string[];
}

function run(command: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.error ? null : r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function installedVersion(deb: string): string | null {
  const r = run('dpkg-query', ['-W', '-f=${Status}\t${Version}', deb]);
  if (r.status !== 0) return null;
  const [status, version] = r.stdout.split('\t');
  return status === 'install ok installed' && version ? version : null;
}

/**
 * apt-get install of the missing ones (as root, or through sudo -n). When
 * apt-get cannot run, says so and the corpus is what is installed.
 */
export function ensureInstalled(debs: readonly string[], allowInstall: boolean, log: (line: string) => void): void {
  if (run('dpkg-query', ['--version']).status !== 0) {
    log('dpkg-query not found: not a Debian system, the corpus is the standard library alone');
    return;
  }
  const missing = debs.filter((d) => installedVersion(d) === null);
  if (!missing.length) return;
  if (!allowInstall) {
    log(`not installed (--no-install): ${missing.join(' ')}`);
    return;
  }
  const root = process.getuid?.() === 0;
  const via = root ? [] : ['sudo', '-n'];
  if (run('apt-get', ['--version']).status !== 0 || (!root && run('sudo', ['-n', 'true']).status !== 0)) {
    log(`apt-get unavailable${root ? '' : ' (not root, no passwordless sudo)'}: using what is installed; missing ${missing.join(' ')}`);
    return;
  }
  log(`apt-get install ${missing.join(' ')}`);
  const args = [...via, 'apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const r = spawnSync(args[0]!, args.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) log(`apt-get install exited ${r.status ?? r.error?.message}: using what is installed`);
}

/** The standard library's directory, as the Debian interpreter reports it. */
function stdlibDir(): string | null {
  const r = run(DEBIAN_PYTHON, ['-c', 'import sysconfig; print(sysconfig.get_path("stdlib"))']);
  return r.status === 0 ? r.stdout.trim() : null;
}

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

function walkPython(dir: string, skip: ReadonlySet<string>, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walkPython(path, skip, out);
    else if (entry.name.endsWith('.py') && isFile(path)) out.push(path);
  }
  return out;
}

/** Every corpus file and the version of the package that holds it; sorted, so the same install gives the same repo. */
export function listCorpus(debs: readonly string[]): CorpusSource {
  const parts: Array<CorpusSource['parts'][number]> = [];
  const std = stdlibDir();
  if (std) {
    const owner = run('dpkg', ['-S', join(std, 'os.py')]).stdout.split(':')[0]?.trim() ?? '';
    const files = walkPython(std, new Set(['site-packages', 'dist-packages', '__pycache__'])).sort();
    parts.push({ dir: 'stdlib', deb: owner || 'stdlib', version: (owner && installedVersion(owner)) || 'unknown', files: files.map((f) => ({ from: f, to: relative(std, f) })) });
  }
  const missing: string[] = [];
  for (const deb of debs) {
    const version = installedVersion(deb);
    if (!version) {
      missing.push(deb);
      continue;
    }
    const files = run('dpkg', ['-L', deb])
      .stdout.split('\n')
      .filter((p) => p.startsWith(DIST_PACKAGES) && p.endsWith('.py') && !p.includes('/__pycache__/') && isFile(p))
      .sort();
    parts.push({ dir: `packages/${deb.replace(/^python3-/, '')}`, deb, version, files: files.map((f) => ({ from: f, to: f.slice(DIST_PACKAGES.length) })) });
  }
  return { parts, missing };
}
