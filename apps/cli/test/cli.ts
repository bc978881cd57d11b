// Runs the CLI as a user runs it: a child process of `apps/cli/src/main.ts` (from source) in the repository root.
import { execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../../..');

/** Node's arguments that start the CLI from source; add the command's own after them (for `spawn`). */
export const nodeArgs = ['--conditions=source', '--import', 'tsx', 'apps/cli/src/main.ts'];

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `aelab ...args` to the end; `env` is added to this process's environment. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((ok) => {
    execFile(process.execPath, [...nodeArgs, ...args], { cwd: root, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      ok({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Runs `aelab ...args` with a reader that leaves before the first byte, as `| head` does once it has its lines:
 * every write aelab makes meets a closed pipe.
 */
export function runCliIntoClosedPipe(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => ok({ code, stderr }));
  });
}
