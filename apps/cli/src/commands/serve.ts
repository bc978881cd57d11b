import { type Command, Option } from 'commander';
import { addServerOptions, runServerProcess, type ServerProcessOptions, serverArgs } from '../server-process.js';

interface ServeOptions extends ServerProcessOptions {
  token?: string;
  allowOrigin?: string[];
  maxEpochs?: string;
}

/**
 * The server is its own app: `aelab serve` starts its entry (`@aelab/server/main`) as a child process rather than
 * importing it (apps share only the router type). The child inherits stdout, so its first line,
 * `listening on URL`, is this command's first line, and it stops when this process goes away.
 */
export function register(program: Command): void {
  addServerOptions(
    program
      .command('serve')
      .description('start the run service (tRPC over HTTP, live progress over SSE); prints "listening on URL" when ready'),
  )
    .addOption(new Option('--token <token>', 'bearer token required on every call').env('AELAB_TOKEN'))
    .option('--concurrency <n>', 'runs that train at the same time')
    .option('--allow-origin <origin...>', 'extra browser origins allowed to call the API (loopback ones always are)')
    .option('--max-epochs <n>', 'refuse configs asking for more epochs than this')
    .action(async (opts: ServeOptions) => {
      const args = serverArgs(opts);
      if (opts.maxEpochs) args.push('--max-epochs', opts.maxEpochs);
      for (const o of opts.allowOrigin ?? []) args.push('--allow-origin', o);
      process.exitCode = await runServerProcess(args, opts.token);
    });
}
