// Sweeps on real server processes with a real registry: the embedded pool, then queue mode with a redis-server and
// an `aelab worker` of this test's own.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfigInput, SweepSpecInput } from '@aelab/core';
import { createClient, type AelabClient } from './client.js';
import { tinyConfig } from './test-support/fixtures.js';
import { startRedis, type TestRedis } from './test-support/redis.js';
import { spawnServer, waitFor, type ChildServer } from './test-support/spawn-server.js';
import { spawnWorker, type ChildWorker } from './test-support/spawn-worker.js';
import { appCode, rejection } from './test-support/trpc-errors.js';

/** Two layer widths × two seeds of the tiny Gaussian-cluster autoencoder: four runs of a second or so. */
function smallSweep(name: string, base: RunConfigInput = tinyConfig({ epochs: 2 })): SweepSpecInput {
  return { name, base: base as Record<string, unknown>, vary: [{ path: 'model.layers.0.units', values: [1, 2] }], seeds: 2 };
}

async function finished(client: AelabClient, id: string, timeoutMs = 90_000) {
  return waitFor(() => client.sweeps.get.query({ id }), (s) => s.run.status !== 'queued' && s.run.status !== 'running', timeoutMs);
}

describe('sweeps on a server (embedded pool)', () => {
  let state: string;
  let server: ChildServer;
  let client: AelabClient;

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'aelab-server-sweep-'));
    server = await spawnServer(['--state-dir', state, '--concurrency', '1', '--no-web']);
    client = createClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('queues a parent and one training run per point and seed, and aggregates their results', async () => {
    const created = await client.sweeps.create.mutate(smallSweep('widths'));
    expect(created.children).toBe(4);
    // The parent is listed at the top level; its runs only under it, in point-major order.
    const top = await client.runs.list.query({});
    expect(top.items.map((r) => [r.id, r.kind])).toEqual([[created.id, 'sweep']]);
    const children = await client.runs.list.query({ parent: created.id });
    expect(children.items.map((r) => [r.jobKey, r.kind, r.seed, r.parentId])).toEqual([
      ['p00-s0', 'training', 0, created.id],
      ['p00-s1', 'training', 1, created.id],
      ['p01-s0', 'training', 0, created.id],
      ['p01-s1', 'training', 1, created.id],
    ]);
    expect(children.items[2]!.name).toBe('widths · model.layers.0.units=2 · seed 0');

    const sweep = await finished(client, created.id);
    expect(sweep.run.status).toBe('succeeded');
    expect(sweep.children.every((c) => c.run.status === 'succeeded')).toBe(true);
    expect(sweep.children.map((c) => [c.key, c.point, c.seed])).toEqual([
      ['p00-s0', 0, 0],
      ['p00-s1', 0, 1],
      ['p01-s0', 1, 0],
      ['p01-s1', 1, 1],
    ]);
    const { table } = sweep;
    expect(table.fields).toEqual(['model.layers.0.units']);
    expect(table.metrics).toContain('testRmse');
    expect(table.rows.map((r) => r.values['model.layers.0.units'])).toEqual([1, 2]);
    for (const row of table.rows) {
      const rmse = row.metrics.testRmse!;
      expect(rmse.n).toBe(2);
      expect(rmse.std).not.toBeNull();
      // The mean is the mean of the two runs' own final numbers.
      const own = sweep.children.filter((c) => c.point === row.point).map((c) => c.run.metrics.testRmse!);
      expect(rmse.mean).toBeCloseTo((own[0]! + own[1]!) / 2, 12);
    }
    const detail = await client.runs.get.query({ id: created.id });
    expect(detail).toMatchObject({ kind: 'sweep', config: null, progress: { epoch: 4, epochs: 4, fraction: 1 }, metrics: { runs: 4, runsSucceeded: 4 } });
    expect(detail.children).toMatchObject({ planned: 4, counts: { succeeded: 4 } });
    // The parent's stream records each run's end and ends with its own final status.
    const logs = await client.runs.logs.query({ id: created.id });
    expect(logs.filter((e) => e.type === 'log' && / succeeded$/.test(e.message))).toHaveLength(4);
    expect(logs.flatMap((e) => (e.type === 'status' ? [e.status] : []))).toEqual(['queued', 'running', 'succeeded']);
  });

  it('refuses a bad path or value with its name, queueing nothing', async () => {
    const before = (await client.runs.list.query({})).total;
    const path = await rejection(client.sweeps.create.mutate({ ...smallSweep('bad'), vary: [{ path: 'model.layers.3.units', values: [4] }] }));
    expect(appCode(path)).toBe('SWEEP_PATH');
    expect(path.message).toBe('cannot vary model.layers.3.units: model.layers has 1 item (indices 0..0)');
    const value = await rejection(client.sweeps.create.mutate({ ...smallSweep('bad'), vary: [{ path: 'training.epochs', values: [2, 20000] }] }));
    expect(appCode(value)).toBe('INVALID_CONFIG');
    expect(value.message).toMatch(/training\.epochs: 20000 epochs is over this server's limit/);
    const typo = await rejection(client.sweeps.create.mutate({ ...smallSweep('bad'), sedes: 2 } as never));
    expect(appCode(typo)).toBe('UNKNOWN_CONFIG_KEY');
    expect(typo.message).toMatch(/sedes: unknown key — did you mean "seeds"\?/);
    expect((await client.runs.list.query({})).total).toBe(before);
  });

  it('cancels every run with the parent, the running one included, and deletes them with it', async () => {
    const created = await client.sweeps.create.mutate({ ...smallSweep('long', tinyConfig({ epochs: 5000 })), seeds: 1, vary: [{ path: 'training.learningRate', values: [0.01, 0.001, 0.0001] }] });
    const running = await waitFor(
      () => client.runs.list.query({ parent: created.id }),
      (l) => l.items.some((r) => r.status === 'running' && (r.progress?.epoch ?? 0) >= 1),
      60_000,
    );
    expect((await client.runs.get.query({ id: created.id })).status).toBe('running');
    const cancelled = await client.runs.cancel.mutate({ id: created.id });
    expect(cancelled.status).toBe('cancelled');
    const after = await client.runs.list.query({ parent: created.id });
    expect(after.items.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const wasRunning = running.items.find((r) => r.status === 'running')!;
    expect(after.items.find((r) => r.id === wasRunning.id)?.checkpoint).not.toBeNull();

    // A child is a training run of the sweep: it goes with the sweep, not on its own.
    const child = await rejection(client.runs.delete.mutate({ id: wasRunning.id }));
    expect(appCode(child)).toBe('INVALID_STATE');
    expect(existsSync(join(state, 'runs', wasRunning.id))).toBe(true);
    await client.runs.delete.mutate({ id: created.id });
    expect(existsSync(join(state, 'runs', wasRunning.id))).toBe(false);
    expect((await client.runs.list.query({ parent: created.id })).total).toBe(0);
    const gone = await rejection(client.sweeps.get.query({ id: created.id }));
    expect(appCode(gone)).toBe('NOT_FOUND');
  }, 90_000);
});

describe('a sweep across a server crash', () => {
  let state: string;
  let server: ChildServer | undefined;

  afterAll(async () => {
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('ends interrupted when a run was cut short, and resuming the sweep finishes it from the checkpoint', async () => {
    state = mkdtempSync(join(tmpdir(), 'aelab-server-sweep-crash-'));
    server = await spawnServer(['--state-dir', state, '--concurrency', '1', '--no-web']);
    let client = createClient(server.url);
    const created = await client.sweeps.create.mutate({ ...smallSweep('crash', tinyConfig({ epochs: 400 })), seeds: 1 });
    const first = await waitFor(
      () => client.runs.list.query({ parent: created.id }),
      (l) => (l.items[0]!.checkpoint?.epoch ?? 0) >= 2,
      60_000,
    ).then((l) => l.items[0]!);
    await server.kill9();

    server = await spawnServer(['--state-dir', state, '--concurrency', '1', '--no-web']);
    client = createClient(server.url);
    // The cut run is interrupted; the queued one runs; the sweep waits for it, then takes the worst ending.
    const after = await finished(client, created.id);
    expect(after.run.status).toBe('interrupted');
    expect(after.children.map((c) => c.run.status)).toEqual(['interrupted', 'succeeded']);

    await client.runs.resume.mutate({ id: created.id });
    const done = await finished(client, created.id);
    expect(done.run.status).toBe('succeeded');
    const resumed = done.children.find((c) => c.run.id === first.id)!.run;
    expect(resumed.attempt).toBe(2);
    const epochs = (await client.runs.logs.query({ id: first.id, limit: 5000 })).filter((e) => e.type === 'train' && e.event.type === 'epoch');
    // From its checkpoint, not from the start.
    expect(epochs.length).toBeLessThan(400 + first.checkpoint!.epoch);
    expect(done.table.rows.every((r) => r.metrics.testRmse?.n === 1)).toBe(true);
  }, 180_000);
});

describe('sweeps in queue mode', () => {
  let redis: TestRedis;
  let state: string;
  let server: ChildServer;
  let worker: ChildWorker;
  let client: AelabClient;

  beforeAll(async () => {
    redis = await startRedis();
    state = mkdtempSync(join(tmpdir(), 'aelab-queue-sweep-'));
    server = await spawnServer(['--state-dir', state, '--queue', redis.url, '--no-web']);
    client = createClient(server.url);
    worker = await spawnWorker(['--queue', redis.url, '--server', server.url, '--name', 'sweeper']);
  }, 60_000);
  afterAll(async () => {
    await worker?.kill9();
    await server?.stop();
    await redis?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('puts every run of a sweep on the queue; the worker trains them and the sweep succeeds', async () => {
    const created = await client.sweeps.create.mutate({ ...smallSweep('queued'), seeds: 1 });
    expect(created.children).toBe(2);
    const sweep = await finished(client, created.id);
    expect(sweep.run.status).toBe('succeeded');
    expect(sweep.children.map((c) => c.run.worker?.name)).toEqual(['sweeper', 'sweeper']);
    expect(sweep.table.rows.map((r) => r.metrics.testRmse?.n)).toEqual([1, 1]);
  }, 120_000);
});
