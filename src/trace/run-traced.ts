import { spawn } from 'node:child_process';
import { delimiter, join } from 'node:path';

/** The environment that puts the tracer in every Python process the command starts (children inherit it). */
export function tracedEnv(env: NodeJS.ProcessEnv, pythonDir: string, planFile: string, evidenceDir: string): NodeJS.ProcessEnv {
  const path = [join(pythonDir, 'site'), pythonDir, ...(env['PYTHONPATH'] ? [env['PYTHONPATH']] : [])].join(delimiter);
  return { ...env, PYTHONPATH: path, SSOT_GUARD_TRACE_PLAN: planFile, SSOT_GUARD_TRACE_DIR: evidenceDir };
}

/** Runs the command with inherited stdio; resolves to its exit code (128 + signal number when killed, as a shell says). */
export function runTraced(command: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 1)));
  });
}
