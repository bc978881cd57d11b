import { type Command, Option } from 'commander';
import type { WorkerInfo } from '@aelab/server';
import { printJson } from '../output.js';
import { runServerProcess } from '../server-process.js';
import { call, connect, table, type GlobalOptions } from './runs.js';

interface WorkerOptions {
  queue: string;
  server: string;
  token?: string;
  concurrency?: string;
  backend?: string;
  dataDir?: string;
  name?: string;
  workDir?: string;
  nice?: string;
}

/** `aelab worker` runs `@aelab/server/worker-main` as a child process, as `aelab serve` runs the server. */
export function register(program: Command): void {
  program
    .command('worker')
    .description("train a queue-mode server's runs on this machine (pulls jobs from its Redis, reports to the server)")
    .requiredOption('--queue <url>', "the server's Redis: redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://...")
    .addOption(new Option('--server <url>', 'the server URL').env('AELAB_SERVER').makeOptionMandatory())
    .addOption(new Option('--token <token>', "the server's token").env('AELAB_TOKEN'))
    .option('--concurrency <n>', 'runs trained at the same time (default 1)')
    .option('--backend <name>', 'tensor backend for every run here')
    .option('--data-dir <dir>', "where datasets' files are read from on this machine")
    .option('--name <name>', 'how this worker is listed (default host:pid)')
    .option('--work-dir <dir>', 'where runs train before their files go up (default: a temporary directory)')
    .option('--nice <n>', 'lower this worker\'s CPU priority by n, 0..19 (default 10; its training threads 10 more)')
    .action(async (opts: WorkerOptions) => {
      const args = ['--queue', opts.queue, '--server', opts.server];
      if (opts.concurrency) args.push('--concurrency', opts.concurrency);
      if (opts.backend) args.push('--backend', opts.backend);
      if (opts.dataDir) args.push('--data-dir', opts.dataDir);
      if (opts.name) args.push('--name', opts.name);
      if (opts.workDir) args.push('--work-dir', opts.workDir);
      if (opts.nice !== undefined) args.push('--nice', opts.nice);
      process.exitCode = await runServerProcess(args, opts.token, undefined, '@aelab/server/worker-main');
    });

  program
    .command('workers')
    .description('list the workers connected to a queue-mode server')
    .addOption(new Option('--server <url>', 'server URL').env('AELAB_SERVER').default('http://127.0.0.1:7070'))
    .addOption(new Option('--token <token>', 'bearer token').env('AELAB_TOKEN'))
    .option('--json', 'print one JSON document')
    .action(async (_o: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const list: WorkerInfo[] = await call(g, () => connect(g).workers.list.query());
      if (g.json) return printJson(list);
      if (list.length === 0) return void process.stdout.write('no workers connected (start one with `aelab worker --queue URL --server URL`)\n');
      const rows = [['id', 'name', 'host', 'backend', 'concurrency', 'current run'], ...list.map((w) => [w.id, w.name, w.host, w.backend, String(w.concurrency), w.runs.join(' ') || '-'])];
      process.stdout.write(`${table(rows)}\n`);
    });
}
