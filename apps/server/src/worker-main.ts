// `aelab worker`: joins a queue-mode server's Redis and trains the runs it hands out, on this machine.
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ServerError } from './errors.js';
import { runEntry, stopOnSignals } from './process-entry.js';
import { redactedUrl, redisConnection, openQueue } from './queue/redis.js';
import { RemoteWorker } from './queue/remote-worker.js';
import { lowerProcessPriority, trainingNice } from './worker/priority.js';

/** How much nicer than other processes an `aelab worker` runs by default (its training threads: 10 more). */
const DEFAULT_WORKER_NICE = 10;

const usage = `usage: aelab worker --queue URL --server URL [options]

Takes runs and experiments from a queue-mode server's Redis (\`aelab serve --queue URL\`), trains them here in
worker threads, streams progress to the server and uploads checkpoints and artifacts to it. SIGTERM (Ctrl-C)
stops each run after its current step with a checkpoint and hands it back to the queue.

options:
  --queue URL         redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://... (the server's --queue)
  --server URL        the server's URL (http://HOST:PORT)
  --token T           the server's token (default: AELAB_TOKEN)
  --concurrency N     runs trained at the same time (default 1)
  --backend NAME      tensor backend for every run here (default: each run's own)
  --data-dir D        where datasets' files are read from on this machine
  --name NAME         how this worker is listed (default: host:pid)
  --work-dir D        where runs train before their files go up (default: a temporary directory)
  --nice N            lower this worker's CPU priority by N, 0..19 (default 10): a server or desktop on the same
                      machine stays responsive; its training threads go AELAB_TRAINING_NICE (10) lower still
  -h, --help          this text
`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      queue: { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      concurrency: { type: 'string' },
      backend: { type: 'string' },
      'data-dir': { type: 'string' },
      name: { type: 'string' },
      'work-dir': { type: 'string' },
      nice: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return void process.stdout.write(usage);
  if (!values.queue) throw new ServerError('INVALID_INPUT', '--queue URL is required (the Redis the server queues runs on)');
  if (!values.server || !/^https?:\/\/[^/]+/.test(values.server)) throw new ServerError('INVALID_INPUT', '--server must be the server\'s http(s):// URL');
  redisConnection(values.queue);
  const concurrency = Number(values.concurrency ?? 1);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ServerError('INVALID_INPUT', `--concurrency must be an integer in 1..64, got "${values.concurrency}"`);
  const nice = Number(values.nice ?? DEFAULT_WORKER_NICE);
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) throw new ServerError('INVALID_INPUT', `--nice must be an integer in 0..19, got "${values.nice}"`);
  trainingNice();
  // Before any thread starts (they inherit it on Linux, where priority is per thread).
  lowerProcessPriority(nice);
  // Fails with one clear line when Redis cannot be reached.
  await (await openQueue(values.queue)).close();
  const name = values.name ?? `${hostname()}:${process.pid}`;
  const lockMs = Number(process.env.AELAB_QUEUE_LOCK_MS ?? 30_000);
  const worker = new RemoteWorker({
    queue: values.queue,
    server: values.server.replace(/\/$/, ''),
    ...((values.token ?? process.env.AELAB_TOKEN) ? { token: values.token ?? process.env.AELAB_TOKEN } : {}),
    concurrency,
    ...(values.backend ? { backend: values.backend } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    name,
    workDir: values['work-dir'] ?? join(tmpdir(), `aelab-worker-${process.pid}`),
    lockMs,
    log: (m) => process.stderr.write(`aelab worker: ${m}\n`),
  });
  await worker.start();
  process.stdout.write(`worker ${worker.ref.id} (${name}) on ${redactedUrl(values.queue)}\n`);
  stopOnSignals('aelab worker', 'checkpointing and handing runs back', () => worker.stop());
}

await runEntry('aelab worker', usage, main);
