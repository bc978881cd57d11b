/**
 * `pnpm bench server [--runs N] [--clients N] [--concurrency N] [--epochs N] [--max-seconds S] [--json]`: one run
 * service on loopback (its own process, as `aelab serve` runs it), N subscribed clients and N small queued runs.
 * Reports the API's p50/p99 latency while the runs train (list/get/logs polled at a steady rate, creates as they
 * go) and how late live events arrive, and checks that every run reached a final state and that every client saw
 * it. Bounded: at most 1000 runs, 500 clients, and --max-seconds of wall time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RunEvent } from '@aelab/server';
import { createClient, type AelabClient } from '@aelab/server/client';
import { report, type Row } from '../report.js';

const usage = `usage: pnpm bench server [options]
  --runs N           small runs to queue (default 200, at most 1000)
  --clients N        subscribed clients (default 50, at most 500)
  --concurrency N    runs training at once on the server (default 2)
  --epochs N         epochs per run (default 2)
  --poll-rate N      API calls per second while training, spread over the clients (default 20)
  --max-seconds S    give up after S seconds (default 600)
  --json             print only the JSON rows`;

const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

class Latencies {
  private readonly samples = new Map<string, number[]>();

  async time<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(what, performance.now() - t0);
    }
  }

  add(what: string, ms: number): void {
    const list = this.samples.get(what) ?? [];
    list.push(ms);
    this.samples.set(what, list);
  }

  rows(): Row[] {
    return [...this.samples].map(([what, list]) => {
      const s = [...list].sort((a, b) => a - b);
      return { what, count: s.length, p50_ms: quantile(s, 0.5), p99_ms: quantile(s, 0.99), max_ms: s.at(-1) ?? Number.NaN, note: '' };
    });
  }
}

function startServer(stateDir: string, concurrency: number, maxEpochs: number): Promise<{ url: string; child: ChildProcess }> {
  const main = fileURLToPath(import.meta.resolve('@aelab/server/main'));
  const child = spawn(process.execPath, [...process.execArgv, main, '--port', '0', '--state-dir', stateDir, '--concurrency', String(concurrency), '--max-epochs', String(maxEpochs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AELAB_TOKEN: '' },
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const m = /^listening on (\S+)$/.exec(line);
      if (m) resolve({ url: m[1]!, child });
      else reject(new Error(`unexpected server output: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`server exited with code ${code}`)));
  });
}

function intOption(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in ${min}..${max}, got ${v}`);
  return n;
}

export default async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '200' },
      clients: { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '2' },
      epochs: { type: 'string', default: '2' },
      'poll-rate': { type: 'string', default: '20' },
      'max-seconds': { type: 'string', default: '600' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const runs = intOption('runs', values.runs, 1, 1000);
  const clients = intOption('clients', values.clients, 1, 500);
  const concurrency = intOption('concurrency', values.concurrency, 1, 64);
  const epochs = intOption('epochs', values.epochs, 1, 100);
  const pollRate = intOption('poll-rate', values['poll-rate'], 1, 1000);
  const maxSeconds = intOption('max-seconds', values['max-seconds'], 5, 3600);

  const stateDir = mkdtempSync(join(tmpdir(), 'aelab-bench-server-'));
  const { url, child } = await startServer(stateDir, concurrency, epochs);
  const lat = new Latencies();
  const conns: AelabClient[] = Array.from({ length: clients }, () => createClient(url));
  const subscriptions: { unsubscribe(): void }[] = [];
  const deadline = Date.now() + maxSeconds * 1000;
  const t0 = performance.now();
  try {
    // Every client watches all status changes (a live runs list) and follows its share of runs' events.
    const finalSeenBy = conns.map(() => new Set<string>());
    const watchReady = conns.map(
      (c, i) =>
        new Promise<void>((resolve, reject) => {
          subscriptions.push(
            c.runs.watch.subscribe(
              {},
              {
                onStarted: () => resolve(),
                onData: ({ data }) => {
                  if (data.type === 'status' && FINAL.has(data.status)) finalSeenBy[i]!.add(data.runId);
                },
                onError: reject,
              },
            ),
          );
        }),
    );
    await Promise.all(watchReady);

    const ids: string[] = [];
    for (let i = 0; i < runs; i++) {
      const config = {
        seed: i,
        backend: 'cpu' as const,
        data: { name: 'gaussian' as const, k: 3, d: 2, pointsPerCluster: 20 },
        model: { type: 'dense' as const, layers: [{ units: 2 }] },
        training: { epochs, batchSize: 20, validationFraction: 0.2 },
      };
      const r = await lat.time('runs.create', () => conns[i % clients]!.runs.create.mutate(config));
      ids.push(r.id);
    }

    // Each client follows the runs assigned to it, one after another, measuring how late events arrive.
    let eventsDelivered = 0;
    const followers = conns.map(async (c, k) => {
      for (let j = k; j < ids.length; j += clients) {
        const since = Date.now();
        await new Promise<void>((resolve, reject) => {
          const sub = c.runs.events.subscribe(
            { id: ids[j]! },
            {
              onData: ({ data }: { data: RunEvent }) => {
                eventsDelivered++;
                // Only live events: a replayed backlog is as old as the run.
                const at = Date.parse(data.time);
                if (at >= since) lat.add('event delivery lag', Date.now() - at);
              },
              onError: reject,
              onComplete: () => resolve(),
            },
          );
          subscriptions.push(sub);
        });
      }
    });

    // Steady API traffic while training: list, get and logs, spread over the clients.
    let polling = true;
    const poller = (async () => {
      let n = 0;
      while (polling && Date.now() < deadline) {
        const c = conns[n % clients]!;
        const id = ids[(n * 7) % ids.length]!;
        const calls = [
          () => lat.time('runs.list', () => c.runs.list.query({ limit: 50 })),
          () => lat.time('runs.get', () => c.runs.get.query({ id })),
          () => lat.time('runs.logs', () => c.runs.logs.query({ id, limit: 100 })),
          () => lat.time('runs.list status=running', () => c.runs.list.query({ status: 'running' })),
        ];
        void calls[n % calls.length]!().catch(() => lat.add('errors', 0));
        n++;
        await new Promise((r) => setTimeout(r, 1000 / pollRate));
      }
    })();

    const allDone = Promise.all(followers);
    const timedOut = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), Math.max(0, deadline - Date.now())).unref());
    const outcome = await Promise.race([allDone.then(() => 'done' as const), timedOut]);
    polling = false;
    await poller;
    const seconds = (performance.now() - t0) / 1000;

    const byStatus = new Map<string, number>();
    for (let offset = 0; ; offset += 500) {
      const page = await conns[0]!.runs.list.query({ limit: 500, offset });
      for (const r of page.items) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      if (page.nextOffset === null) break;
    }
    const finals = [...byStatus].filter(([s]) => FINAL.has(s)).reduce((n, [, c]) => n + c, 0);
    const watchersComplete = finalSeenBy.filter((s) => ids.every((id) => s.has(id))).length;
    const statusNote = [...byStatus].map(([s, c]) => `${s} ${c}`).join(', ');
    const rows: Row[] = [
      ...lat.rows(),
      { what: 'runs in a final state', count: finals, p50_ms: null, p99_ms: null, max_ms: null, note: `${finals}/${runs} (${statusNote})${outcome === 'timeout' ? ' TIMED OUT' : ''}` },
      { what: 'watchers that saw every final status', count: watchersComplete, p50_ms: null, p99_ms: null, max_ms: null, note: `${watchersComplete}/${clients}` },
      { what: 'events delivered to followers', count: eventsDelivered, p50_ms: null, p99_ms: null, max_ms: null, note: `${(eventsDelivered / seconds).toFixed(0)}/s` },
      { what: 'wall time', count: 1, p50_ms: null, p99_ms: null, max_ms: seconds * 1000, note: `${(runs / seconds).toFixed(2)} runs/s, concurrency ${concurrency}` },
    ];
    report('server', rows, values.json, { runs, clients, concurrency, epochs, pollRate, seconds, ok: finals === runs && watchersComplete === clients });
    if (finals !== runs || watchersComplete !== clients) process.exitCode = 1;
  } finally {
    for (const s of subscriptions) s.unsubscribe();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(stateDir, { recursive: true, force: true });
  }
}
