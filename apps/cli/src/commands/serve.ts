import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';

interface ServeOptions {
  port: string;
  host: string;
  stateDir?: string;
  dataDir?: string;
  token?: string;
  concurrency?: string;
  allowOrigin?: string[];
  maxEpochs?: string;
}

/**
 * The server is its own app: `aelab serve` starts its entry (`@aelab/server/main`) as a child process rather than
 * importing it (apps share only the router type). The child inherits stdout, so its first line,
 * `listening on URL`, is this command's first line, and it stops when this process goes away.
 */
export function register(program: Command): void {
  program
    .command('serve')
    .description('start the run service (tRPC over HTTP, live progress over SSE); prints "listening on URL" when ready')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '7070')
    .option('--host <host>', 'interface to bind; anything but loopback needs --token', '127.0.0.1')
    .option('--state-dir <dir>', 'run registry and run directories (default: $XDG_DATA_HOME/aelab)')
    .option('--data-dir <dir>', "where datasets' files are read from (never written)")
    .addOption(new Option('--token <token>', 'bearer token required on every call').env('AELAB_TOKEN'))
    .option('--concurrency <n>', 'runs that train at the same time')
    .option('--allow-origin <origin...>', 'extra browser origins allowed to call the API (loopback ones always are)')
    .option('--max-epochs <n>', 'refuse configs asking for more epochs than this')
    .action(async (opts: ServeOptions) => {
      const args = ['--port', opts.port, '--host', opts.host];
      if (opts.stateDir) args.push('--state-dir', opts.stateDir);
      if (opts.dataDir) args.push('--data-dir', opts.dataDir);
      if (opts.concurrency) args.push('--concurrency', opts.concurrency);
      if (opts.maxEpochs) args.push('--max-epochs', opts.maxEpochs);
      for (const o of opts.allowOrigin ?? []) args.push('--allow-origin', o);
      process.exitCode = await runServer(args, opts.token);
    });
}

async function runServer(args: string[], token: string | undefined): Promise<number> {
  const entry = fileURLToPath(import.meta.resolve('@aelab/server/main'));
  // The token goes through the environment, not argv, so it does not show in process listings.
  const env = { ...process.env, AELAB_TOKEN: token ?? '' };
  const child = spawn(process.execPath, [...process.execArgv, entry, ...args], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env });
  // Ctrl-C reaches the whole process group: the server shuts down on its own; this process waits for it.
  const ignore = (): void => {};
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onTerm = forward('SIGTERM');
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
