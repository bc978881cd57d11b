// Queue mode when parts die, with real parts: a redis-server of this test's own (append-only file, so it can be killed
// and started again on the same port with what it had), the server (killed -9 and started again on the same port,
// state dir and queue) and two `aelab worker` processes (one stopped with SIGTERM).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfigInput } from '@aelab/core';
import type { RunEvent } from './api.js';
import { createClient, type AelabClient } from './client.js';
import { tinyConfig } from './test-support/fixtures.js';
import { freePort, startRedis, type TestRedis } from './test-support/redis.js';
import { spawnServer, waitFor, type ChildServer } from './test-support/spawn-server.js';
import { spawnWorker, type ChildWorker } from './test-support/spawn-worker.js';

/** A tiny network for `epochs` epochs, checkpointing every 5: seconds of training, long enough to be caught mid-run. */
const config = (seed: number, epochs: number): RunConfigInput => tinyConfig({ seed, epochs, checkpointEvery: 5 });

/** Three jobs (ELM over 2 seeds, KELM, DDAE) on embedded MNIST digits: an experiment parent with child runs. */
const tinyDdae = {
  quick: true,
  limitTrain: 300,
  limitTest: 100,
  models: ['ELM', 'KELM', 'DDAE'],
  config: { stacks: { mnist: { units: [32, 16], epochs: [1, 1] } }, elm: { hidden: [50], seeds: 2 }, kelm: { C: [10], sigmaScales: [0.7] } },
};

const statuses = (events: RunEvent[]): string[] => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
const epochs = (events: RunEvent[]): number[] => events.flatMap((e) => (e.type === 'train' && e.event.type === 'epoch' ? [e.event.epoch] : []));
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('queue mode recovery', () => {
  const root = mkdtempSync(join(tmpdir(), 'aelab-queue-recovery-'));
  const state = join(root, 'state');
  const redisDir = mkdtempSync(join(root, 'redis-'));
  let redis: TestRedis;
  let port: number;
  let server: ChildServer;
  let client: AelabClient;
  const workers = new Map<string, ChildWorker>();
  // Short locks: a job whose holder is gone comes back in seconds. The workers run at normal priority (--nice 0) so
  // that on a loaded test machine they renew those locks in time: a spurious takeover would retrain epochs.
  const env = { AELAB_QUEUE_LOCK_MS: '2000' };

  const startServer = (): Promise<ChildServer> => spawnServer(['--state-dir', state, '--queue', redis.url, '--no-web', '--port', String(port)]);
  const startWorker = async (name: string): Promise<void> => {
    workers.set(name, await spawnWorker(['--queue', redis.url, '--server', `http://127.0.0.1:${port}`, '--name', name, '--nice', '0'], env));
  };
  const logs = (id: string): Promise<RunEvent[]> => client.runs.logs.query({ id, limit: 5000 });
  const allSucceeded = (ids: string[], timeoutMs: number) =>
    waitFor(
      () => Promise.all(ids.map((id) => client.runs.get.query({ id }))),
      (ds) => ds.every((d) => d.status === 'succeeded'),
      timeoutMs,
    );

  beforeAll(async () => {
    redis = await startRedis({ dir: redisDir });
    port = await freePort();
    server = await startServer();
    client = createClient(server.url);
    await Promise.all(['w1', 'w2'].map(startWorker));
    await waitFor(() => client.workers.list.query(), (l) => l.length === 2);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...workers.values()].map((w) => w.kill9()));
    await server?.stop();
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('completes every run and job exactly once when the server is killed -9 mid-batch and started again', async () => {
    const runs = await Promise.all([1, 2, 3, 4].map((seed) => client.runs.create.mutate(config(seed, 60))));
    const experiment = await client.experiments.submit.mutate({ experiment: 'ddae', options: tinyDdae, name: 'tiny ddae' });
    // Both workers training, the rest waiting on the queue.
    await waitFor(
      () => client.runs.list.query({ status: 'running' }),
      (l) => l.items.length === 2 && l.items.every((r) => (r.progress?.epoch ?? 0) >= 3),
      30_000,
    );
    await server.kill9();
    // The workers go on training while nobody answers their reports.
    await new Promise((r) => setTimeout(r, 1500));
    server = await startServer();

    const ids = [...runs.map((r) => r.id), experiment.id];
    const final = await allSucceeded(ids, 60_000);
    for (const d of final.slice(0, 4)) {
      const events = await logs(d.id);
      // Recorded once: one start, one end, every epoch's record once (nobody retrained: the workers kept their runs).
      expect(statuses(events)).toEqual(['queued', 'running', 'succeeded']);
      expect(epochs(events)).toEqual(range(60));
      expect(d.history.map((p) => p.epoch)).toEqual(range(60));
      expect(d.result).not.toBeNull();
      expect(d.attempt).toBe(1);
    }
    const parent = final[4]!;
    expect(statuses(await logs(parent.id))).toEqual(['queued', 'running', 'succeeded']);
    expect(parent.children).toMatchObject({ planned: 3, counts: { succeeded: 3, running: 0, failed: 0, interrupted: 0 } });
    const jobs = await client.runs.list.query({ parent: parent.id });
    expect(jobs.items).toHaveLength(3);
    // A job's child run starts running (created at its first start) and ends once.
    for (const job of jobs.items) expect(statuses(await logs(job.id))).toEqual(['running', 'succeeded']);
    const jobEnds = (await logs(parent.id)).flatMap((e) => (e.type === 'experiment' && e.event.type === 'job-end' ? [e.event.job.key] : []));
    expect([...jobEnds].sort()).toEqual([...new Set(jobEnds)].sort());
    expect(jobEnds).toHaveLength(3);
  }, 120_000);

  it('hands a run back on SIGTERM with a checkpoint; the other worker continues it from there', async () => {
    const run = await client.runs.create.mutate(config(5, 200));
    const held = await waitFor(() => client.runs.get.query({ id: run.id }), (d) => d.status === 'running' && (d.progress?.epoch ?? 0) >= 10, 30_000);
    const holder = held.worker!.name;
    const other = holder === 'w1' ? 'w2' : 'w1';
    const stopped = workers.get(holder)!;
    await stopped.stop();
    expect(await stopped.exited).toBe(0);
    expect(stopped.stderr()).toContain('checkpointing and handing runs back');

    const d = (await allSucceeded([run.id], 60_000))[0]!;
    await startWorker(holder);
    expect(d.worker?.name).toBe(other);
    expect(d.attempt).toBe(2);
    const events = await logs(run.id);
    expect(statuses(events)).toEqual(['queued', 'running', 'queued', 'running', 'succeeded']);
    expect(events.some((e) => e.type === 'log' && e.message === `worker ${holder} stopped; the run is queued again`)).toBe(true);
    // The second holder went on from the first one's last step: its first epoch is the next one, none is trained twice.
    const starts = events.flatMap((e, i) => (e.type === 'status' && e.status === 'running' ? [i] : []));
    const secondStart = starts[1]!;
    const before = epochs(events.slice(0, secondStart));
    const after = epochs(events.slice(secondStart));
    expect(before.length).toBeGreaterThanOrEqual(10);
    expect(after[0]).toBe(before.at(-1)! + 1);
    expect(epochs(events)).toEqual(range(200));
    const resumed = events.slice(secondStart).find((e) => e.type === 'train' && e.event.type === 'start');
    expect(resumed?.type === 'train' && resumed.event.type === 'start' && resumed.event.resumed).toBe(true);
  }, 90_000);

  it('keeps queued work while Redis is away, says so once, and finishes everything when it is back', async () => {
    const runs = await Promise.all([11, 12, 13, 14].map((seed) => client.runs.create.mutate(config(seed, 60))));
    await waitFor(
      () => client.runs.list.query({ status: 'running' }),
      (l) => l.items.length === 2 && l.items.every((r) => (r.progress?.epoch ?? 0) >= 3),
      30_000,
    );
    await redis.stop();
    // The API keeps working: a run submitted now waits in the registry.
    const late = await client.runs.create.mutate(config(15, 60));
    expect(late.status).toBe('queued');
    await waitFor(async () => server.stderr(), (e) => e.includes(`lost Redis at redis://127.0.0.1:${redis.port}`), 10_000);
    await new Promise((r) => setTimeout(r, 1000));
    redis = await startRedis({ port: redis.port, dir: redisDir });

    const ids = [...runs.map((r) => r.id), late.id];
    const final = await allSucceeded(ids, 90_000);
    for (const d of final) {
      const events = await logs(d.id);
      expect(statuses(events).filter((st) => st === 'succeeded')).toHaveLength(1);
      expect(d.history.map((p) => p.epoch)).toEqual(range(60));
      expect(d.result).not.toBeNull();
    }
    const serverLog = server.stderr();
    expect(serverLog.match(/lost Redis at/g)).toHaveLength(1);
    expect(serverLog).toMatch(/lost Redis at redis:\/\/127\.0\.0\.1:\d+\/? \(.*\); runs stay queued in the registry .* \[REDIS_UNREACHABLE\]/);
    expect(serverLog).toContain('answers again; queued runs go on the queue again');
    for (const w of workers.values()) expect(w.stderr()).toContain('answers again; taking runs again');
  }, 150_000);
});
