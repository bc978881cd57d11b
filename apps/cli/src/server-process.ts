import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';

/** The options `aelab serve` and `aelab web` both hand on to the server. */
export interface ServerProcessOptions {
  port: string;
  host: string;
  stateDir?: string;
  dataDir?: string;
  concurrency?: string;
  queue?: string;
}

/** Adds the server options both commands share (the token option differs in wording, so each adds its own). */
export function addServerOptions(command: Command): Command {
  return command
    .option('--port <port>', 'port to listen on (0 picks a free one)', '7070')
    .option('--host <host>', 'interface to bind; anything but loopback needs --token', '127.0.0.1')
    .option('--state-dir <dir>', 'run registry and run directories (default: $XDG_DATA_HOME/aelab)')
    .option('--data-dir <dir>', "where datasets' files are read from (never written)")
    .option('--queue <url>', 'put runs on a BullMQ queue in Redis (redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://) for `aelab worker` processes');
}

export function serverArgs(opts: ServerProcessOptions): string[] {
  const args = ['--port', opts.port, '--host', opts.host];
  if (opts.stateDir) args.push('--state-dir', opts.stateDir);
  if (opts.dataDir) args.push('--data-dir', opts.dataDir);
  if (opts.concurrency) args.push('--concurrency', opts.concurrency);
  if (opts.queue) args.push('--queue', opts.queue);
  return args;
}

/**
 * Runs `@aelab/server/main` as a child process (apps share only the router type) and resolves with its exit code.
 * Without `onLine` the child writes straight to this process's stdout; with it, each stdout line is echoed and then
 * handed to `onLine`.
 */
export async function runServerProcess(
  args: string[],
  token: string | undefined,
  onLine?: (line: string) => void,
  module: '@aelab/server/main' | '@aelab/server/worker-main' = '@aelab/server/main',
): Promise<number> {
  const entry = fileURLToPath(import.meta.resolve(module));
  // The token goes through the environment, not argv, so it does not show in process listings.
  const env = { ...process.env, AELAB_TOKEN: token ?? '' };
  const stdout = onLine ? 'pipe' : 'inherit';
  const child = spawn(process.execPath, [...process.execArgv, entry, ...args], { stdio: ['inherit', stdout, 'inherit', 'ipc'], env });
  if (onLine) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      process.stdout.write(`${line}\n`);
      onLine(line);
    });
  }
  // Ctrl-C reaches the whole process group: the server shuts down on its own; this process waits for it.
  const ignore = (): void => {};
  const onTerm = (): void => void child.kill('SIGTERM');
  process.on('SIGINT', ignore);
  process.on('SIGTERM', onTerm);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
    });
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', onTerm);
  }
}
