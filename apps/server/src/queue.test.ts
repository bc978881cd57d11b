// Queue mode with real parts: a redis-server of this test's own, the server and two `aelab worker` processes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfigInput } from '@aelab/core';
import { createClient, type AelabClient } from './client.js';
import { tinyConfig } from './test-support/fixtures.js';
import { freePort, startRedis, type TestRedis } from './test-support/redis.js';
import { spawnServer, waitFor, type ChildServer } from './test-support/spawn-server.js';
import { spawnWorker, type ChildWorker } from './test-support/spawn-worker.js';

/** Long enough to be killed mid-run, checkpointing often enough that a takeover resumes close to where it was. */
const config = (seed: number, epochs = 150): RunConfigInput => tinyConfig({ seed, epochs, checkpointEvery: 10 });

describe('queue mode', () => {
  let redis: TestRedis;
  let state: string;
  let server: ChildServer;
  let client: AelabClient;
  const workers: ChildWorker[] = [];
  // Short locks: a killed worker's job comes back in seconds, not the default half minute.
  const env = { AELAB_QUEUE_LOCK_MS: '2000' };

  beforeAll(async () => {
    redis = await startRedis();
    state = mkdtempSync(join(tmpdir(), 'aelab-queue-'));
    server = await spawnServer(['--state-dir', state, '--queue', redis.url, '--no-web']);
    client = createClient(server.url);
    for (const name of ['w1', 'w2']) workers.push(await spawnWorker(['--queue', redis.url, '--server', server.url, '--name', name], env));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill9()));
    await server?.stop();
    await redis?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('refuses to start, server and worker, with one clear line when Redis is unreachable', async () => {
    const port = await freePort();
    const err = await spawnServer(['--state-dir', mkdtempSync(join(tmpdir(), 'aelab-queue-')), '--queue', `redis://127.0.0.1:${port}`]).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(err).toContain(`cannot reach Redis at redis://127.0.0.1:${port}`);
    expect(err).toContain('[REDIS_UNREACHABLE]');
    expect(err).toContain('exited with code 2');
    // A worker says the same.
    const werr = await spawnWorker(['--queue', `redis://127.0.0.1:${port}`, '--server', server.url]).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(werr).toMatch(new RegExp(`exited with code 2: aelab worker: cannot reach Redis at redis://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.* \\[REDIS_UNREACHABLE\\]\\n$`));
  }, 30_000);

  it('lists the connected workers', async () => {
    const list = await waitFor(() => client.workers.list.query(), (l) => l.length === 2);
    expect(list.map((w) => w.name)).toEqual(['w1', 'w2']);
    expect(list[0]!.host).toBeTruthy();
  });

  it.runIf(process.platform === 'linux')('runs workers 10 nicer than the server by default, and refuses a bad --nice', async () => {
    const nice = (pid: number): number => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const base = nice(server.child.pid!);
    for (const w of workers) expect(nice(w.child.pid!)).toBe(Math.min(19, base + 10));
    const err = await spawnWorker(['--queue', redis.url, '--server', server.url, '--nice', '42']).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(err).toContain('aelab worker: --nice must be an integer in 0..19, got "42" [INVALID_INPUT]');
  });

  it('completes every run exactly once when a worker is killed mid-run', async () => {
    const runs = await Promise.all([1, 2, 3, 4].map((seed) => client.runs.create.mutate(config(seed))));
    // Wait until w1 holds a run that has checkpointed, then kill it.
    const victim = await waitFor(
      () => client.runs.list.query({ status: 'running' }),
      (l) => l.items.some((r) => r.worker?.name === 'w1' && (r.checkpoint?.epoch ?? 0) >= 10),
      60_000,
    ).then((l) => l.items.find((r) => r.worker?.name === 'w1')!);
    await workers[0]!.kill9();
    const ids = runs.map((r) => r.id);
    const final = await waitFor(
      () => Promise.all(ids.map((id) => client.runs.get.query({ id }))),
      (ds) => ds.every((d) => d.status === 'succeeded'),
      120_000,
    );
    for (const d of final) {
      const events = await client.runs.logs.query({ id: d.id, limit: 5000 });
      const statuses = events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
      expect(statuses.filter((s) => s === 'succeeded')).toHaveLength(1);
      expect(d.result).not.toBeNull();
      expect(d.history.at(-1)?.epoch).toBe(150);
    }
    const taken = final.find((d) => d.id === victim.id)!;
    expect(taken.worker?.name).toBe('w2');
    const logs = await client.runs.logs.query({ id: victim.id, limit: 5000 });
    expect(logs.some((e) => e.type === 'log' && e.message.includes('took the run over'))).toBe(true);
    // The takeover resumed from the checkpoint, not from the start.
    expect(logs.filter((e) => e.type === 'train' && e.event.type === 'epoch').length).toBeLessThan(150 + 60);
    const artifacts = await client.runs.artifacts.query({ id: victim.id });
    expect(artifacts.some((a) => a.path === 'results.json' && a.complete)).toBe(true);
  }, 180_000);

  it('reaches the holding worker with a cancel', async () => {
    const run = await client.runs.create.mutate(config(9, 5000));
    await waitFor(() => client.runs.get.query({ id: run.id }), (d) => d.status === 'running' && (d.progress?.epoch ?? 0) > 1, 30_000);
    const holder = workers.find((w) => w.stderr().includes(`run ${run.id}: starting`))!;
    const t0 = Date.now();
    const cancelled = await client.runs.cancel.mutate({ id: run.id });
    expect(cancelled.status).toBe('cancelled');
    // The holder stopped it (not the server overruling a silent holder, which takes the 10 s grace period and more).
    expect(Date.now() - t0).toBeLessThan(10_000);
    await waitFor(async () => holder.stderr(), (e) => e.includes(`run ${run.id}: cancelled`), 5000);
    expect((await client.workers.list.query()).flatMap((w) => w.runs)).not.toContain(run.id);
  }, 60_000);
});
