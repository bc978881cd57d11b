/**
 * `pnpm bench server [--mode embedded|queue|both] [--runs N] [--clients N] [--calls N] [--rate N] ...`: the run
 * service's API latency under load. One server on loopback (its own process, as `aelab serve` runs it) trains N
 * tiny runs — in its embedded worker pool, or in queue mode on a redis-server and `aelab worker` processes of the
 * benchmark's own — while N clients (a separate process) follow live events as the web app does, and a prober
 * times runs.create (the N runs themselves), runs.list and runs.get at a steady rate, each at least --calls times.
 * Reports p50/p99/max per call, how late live events arrive, and checks that every run ended and every client saw
 * it. The goal is p99 under 100 ms for each call.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from '@aelab/server/client';
import { report, type Row } from '../report.js';
import type { FromFollowers, ToFollowers } from './server/followers.js';
import { mainThreadCpuSeconds, startRedis, startServer, startWorker, type Proc } from './server/processes.js';
import { Latencies } from './server/stats.js';

const usage = `usage: pnpm bench server [options]
  --mode M           embedded, queue or both (default both)
  --runs N           tiny runs created and trained (default 200, at most 2000)
  --clients N        clients following live events (default 50, at most 500)
  --calls N          at least this many runs.list and runs.get calls (default 200)
  --rate N           API calls per second, create/list/get in turn (default 30)
  --concurrency N    runs training at once: the server's pool, or each worker's (default 2)
  --workers N        queue mode: aelab worker processes (default 1)
  --epochs N         epochs per run (default 2)
  --cpu-prof DIR     write a CPU profile of the server process to DIR
  --max-seconds S    give up on a mode after S seconds (default 600)
  --json             print only the JSON rows`;

const GOAL_P99_MS = 100;
const FOLLOWERS_NICE = 10;
const CALLS = ['runs.create', 'runs.list', 'runs.get'] as const;

interface Settings {
  runs: number;
  clients: number;
  calls: number;
  rate: number;
  concurrency: number;
  workers: number;
  epochs: number;
  cpuProf: string | undefined;
  maxSeconds: number;
}

function intOption(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw Object.assign(new Error(`--${name} must be an integer in ${min}..${max}, got ${v}`), { usage: true });
  return n;
}

function tinyConfig(seed: number, epochs: number) {
  return {
    seed,
    backend: 'cpu' as const,
    data: { name: 'gaussian' as const, k: 3, d: 2, pointsPerCluster: 20 },
    model: { type: 'dense' as const, layers: [{ units: 2 }] },
    training: { epochs, batchSize: 20, validationFraction: 0.2 },
  };
}

/** The follower process: resolves once its clients are subscribed. */
async function startFollowers(url: string, clients: number): Promise<{ finish(ids: string[], timeoutMs: number): Promise<Extract<FromFollowers, { type: 'summary' }>>; kill(): void }> {
  const entry = fileURLToPath(new URL('./server/followers.ts', import.meta.url));
  const child = fork(entry, [url, String(clients)], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // The following clients stand for browsers on other machines: their parsing of every SSE message should not take
  // the CPU the server answers with. (Their thread starts the others, which inherit the priority.)
  try {
    setPriority(child.pid!, FOLLOWERS_NICE);
  } catch {
    // Not permitted here: they compete at the same priority.
  }
  await new Promise<void>((resolve, reject) => {
    child.once('message', (m: FromFollowers) => (m.type === 'ready' ? resolve() : reject(new Error('followers: unexpected message'))));
    child.once('exit', (code) => reject(new Error(`the follower process exited with code ${code}`)));
  });
  return {
    finish: (ids, timeoutMs) =>
      new Promise((resolve, reject) => {
        child.once('message', (m: FromFollowers) => (m.type === 'summary' ? resolve(m) : reject(new Error('followers: unexpected message'))));
        child.once('exit', (code) => reject(new Error(`the follower process exited with code ${code}`)));
        child.send({ type: 'finish', ids, timeoutMs } satisfies ToFollowers);
      }),
    kill: () => void child.kill('SIGKILL'),
  };
}

/**
 * Calls at a steady rate, create/list/get in turn, each sent without waiting for the previous one (an open loop:
 * a slow answer does not hold back the calls after it, so it cannot hide). Ends when all runs are created and
 * list and get have their count.
 */
async function probe(url: string, s: Settings, lat: Latencies, deadline: number): Promise<string[]> {
  const client = createClient(url);
  const ids: string[] = [];
  const inflight = new Set<Promise<unknown>>();
  let created = 0;
  let errors = 0;
  const track = (p: Promise<unknown>): void => {
    const q = p.catch(() => errors++).finally(() => inflight.delete(q));
    inflight.add(q);
  };
  for (let n = 0; Date.now() < deadline; n++) {
    const what = CALLS[n % CALLS.length]!;
    if (what === 'runs.create' && created < s.runs) {
      const seed = created++;
      track(lat.time(what, () => client.runs.create.mutate(tinyConfig(seed, s.epochs))).then((r) => ids.push(r.id)));
    } else if (what === 'runs.list') {
      track(lat.time(what, () => client.runs.list.query({ limit: 50 })));
    } else if (what === 'runs.get' && ids.length > 0) {
      const id = ids[(n * 7) % ids.length]!;
      track(lat.time(what, () => client.runs.get.query({ id })));
    }
    if (created >= s.runs && lat.count('runs.list') >= s.calls && lat.count('runs.get') >= s.calls) break;
    await new Promise((r) => setTimeout(r, 1000 / s.rate));
  }
  await Promise.all(inflight);
  if (errors > 0) lat.add('errors', errors);
  return ids;
}

async function waitFinal(url: string, ids: string[], deadline: number): Promise<Map<string, number>> {
  const client = createClient(url);
  for (;;) {
    const byStatus = new Map<string, number>();
    let running = 0;
    for (let offset = 0; ; offset += 500) {
      const page = await client.runs.list.query({ limit: 500, offset });
      for (const r of page.items) {
        byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
        if (r.status === 'queued' || r.status === 'running') running++;
      }
      if (page.nextOffset === null) break;
    }
    if ((running === 0 && [...byStatus.values()].reduce((a, b) => a + b, 0) >= ids.length) || Date.now() > deadline) return byStatus;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function runMode(mode: 'embedded' | 'queue', s: Settings): Promise<{ rows: Row[]; ok: boolean; details: Record<string, unknown> }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'aelab-bench-server-'));
  const procs: Proc[] = [];
  let followers: Awaited<ReturnType<typeof startFollowers>> | undefined;
  const load0 = loadavg()[0]!;
  try {
    const nodeArgs = s.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', s.cpuProf] : [];
    const serverArgs = ['--state-dir', stateDir, '--max-epochs', String(s.epochs)];
    let server: Proc & { url: string };
    if (mode === 'queue') {
      const redis = await startRedis();
      procs.push(redis);
      server = await startServer([...serverArgs, '--queue', redis.url], nodeArgs);
      procs.unshift(server);
      for (let i = 0; i < s.workers; i++) {
        procs.unshift(await startWorker(['--queue', redis.url, '--server', server.url, '--concurrency', String(s.concurrency), '--name', `bench-${i + 1}`, '--work-dir', join(stateDir, `worker-${i + 1}`)]));
      }
    } else {
      server = await startServer([...serverArgs, '--concurrency', String(s.concurrency)], nodeArgs);
      procs.unshift(server);
    }
    followers = await startFollowers(server.url, s.clients);
    const deadline = Date.now() + s.maxSeconds * 1000;
    const lat = new Latencies();
    const cpu0 = mainThreadCpuSeconds(server.child.pid!);
    const t0 = performance.now();
    const ids = await probe(server.url, s, lat, deadline);
    const probeSeconds = (performance.now() - t0) / 1000;
    const byStatus = await waitFinal(server.url, ids, deadline);
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = mainThreadCpuSeconds(server.child.pid!);
    const cpu = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
    const seen = await followers.finish(ids, Math.max(5000, deadline - Date.now()));
    const load1 = loadavg()[0]!;

    const succeeded = byStatus.get('succeeded') ?? 0;
    const statusNote = [...byStatus].map(([st, c]) => `${st} ${c}`).join(', ');
    const callRows: Row[] = CALLS.map((what) => {
      const sum = lat.summary(what);
      return { mode, what, count: sum.count, p50_ms: sum.p50, p99_ms: sum.p99, max_ms: sum.max, note: sum.p99 < GOAL_P99_MS ? `p99 < ${GOAL_P99_MS} ms` : `p99 over ${GOAL_P99_MS} ms` };
    });
    const errors = lat.count('errors') > 0 ? lat.samples.get('errors')![0]! : 0;
    const rows: Row[] = [
      ...callRows,
      { mode, what: 'live event lag', count: seen.lag.count, p50_ms: seen.lag.p50, p99_ms: seen.lag.p99, max_ms: seen.lag.max, note: `${seen.eventsDelivered} events to ${s.clients} clients` },
      { mode, what: 'runs succeeded', count: succeeded, p50_ms: null, p99_ms: null, max_ms: null, note: `${succeeded}/${s.runs} (${statusNote})` },
      { mode, what: 'followed to their end', count: seen.streamsCompleted, p50_ms: null, p99_ms: null, max_ms: null, note: `${seen.streamsCompleted}/${ids.length} runs` },
      { mode, what: 'watchers saw every end', count: seen.watchersComplete, p50_ms: null, p99_ms: null, max_ms: null, note: `${seen.watchersComplete}/${s.clients} clients` },
      ...(cpu !== undefined
        ? [{ mode, what: 'server request thread CPU', count: 1, p50_ms: null, p99_ms: null, max_ms: cpu * 1000, note: `${((100 * cpu) / seconds).toFixed(0)}% of one core over the run; ${((1000 * cpu) / s.runs).toFixed(1)} ms a run` }]
        : []),
      { mode, what: 'wall time', count: 1, p50_ms: null, p99_ms: null, max_ms: seconds * 1000, note: `${(s.runs / seconds).toFixed(1)} runs/s; calls over ${probeSeconds.toFixed(0)} s; load ${load0.toFixed(1)} → ${load1.toFixed(1)}` },
    ];
    const ok = errors === 0 && succeeded === s.runs && seen.streamsCompleted === ids.length && seen.watchersComplete === s.clients;
    if (errors > 0) rows.push({ mode, what: 'failed calls', count: errors, p50_ms: null, p99_ms: null, max_ms: null, note: 'see the server output' });
    for (const e of seen.errors) process.stderr.write(`bench server (${mode}): ${e}\n`);
    return { rows, ok, details: { seconds, probeSeconds, serverCpuSeconds: cpu ?? null, loadavg: [load0, load1], goalMet: callRows.every((r) => (r.p99_ms as number) < GOAL_P99_MS) } };
  } catch (err) {
    for (const p of procs) if (p.stderr()) process.stderr.write(`${p.stderr()}\n`);
    throw err;
  } finally {
    followers?.kill();
    // Workers first, then the server, then Redis.
    for (const p of procs) await p.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

export default async function run(argv: string[]): Promise<void> {
  let s: Settings;
  let modes: ('embedded' | 'queue')[];
  let json: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        mode: { type: 'string', default: 'both' },
        runs: { type: 'string', default: '200' },
        clients: { type: 'string', default: '50' },
        calls: { type: 'string', default: '200' },
        rate: { type: 'string', default: '30' },
        concurrency: { type: 'string', default: '2' },
        workers: { type: 'string', default: '1' },
        epochs: { type: 'string', default: '2' },
        'cpu-prof': { type: 'string' },
        'max-seconds': { type: 'string', default: '600' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) return void process.stdout.write(`${usage}\n`);
    if (!['embedded', 'queue', 'both'].includes(values.mode)) throw Object.assign(new Error(`--mode is embedded, queue or both, not ${values.mode}`), { usage: true });
    modes = values.mode === 'both' ? ['embedded', 'queue'] : [values.mode as 'embedded' | 'queue'];
    json = values.json;
    s = {
      runs: intOption('runs', values.runs, 1, 2000),
      clients: intOption('clients', values.clients, 1, 500),
      calls: intOption('calls', values.calls, 1, 100_000),
      rate: intOption('rate', values.rate, 1, 1000),
      concurrency: intOption('concurrency', values.concurrency, 1, 64),
      workers: intOption('workers', values.workers, 1, 16),
      epochs: intOption('epochs', values.epochs, 1, 100),
      cpuProf: values['cpu-prof'],
      maxSeconds: intOption('max-seconds', values['max-seconds'], 5, 3600),
    };
  } catch (err) {
    process.stderr.write(`bench server: ${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  let ok = true;
  for (const mode of modes) {
    process.stderr.write(`bench server: ${mode} mode: ${s.runs} runs, ${s.clients} following clients, ${s.rate} calls/s\n`);
    const r = await runMode(mode, s);
    rows.push(...r.rows);
    details[mode] = r.details;
    ok &&= r.ok;
  }
  report('server', rows, json, { settings: s, ...details, ok });
  if (!ok) process.exitCode = 1;
}
