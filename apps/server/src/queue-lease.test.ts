// The server's side of queue mode's exactly-once rules, driven over its real `/worker/*` routes: a real redis-server
// and server process, and this test in the role of a worker that repeats itself as a worker does when an answer is lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from './api.js';
import { createClient, type AelabClient } from './client.js';
import { tinyConfig } from './test-support/fixtures.js';
import { startRedis, type TestRedis } from './test-support/redis.js';
import { spawnServer, type ChildServer } from './test-support/spawn-server.js';

const me = { id: 'test-worker-1', name: 'tester', host: 'here' };
const logLines = (events: RunEvent[]): string[] => events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
const statuses = (events: RunEvent[]): string[] => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));

describe('queue mode leases', () => {
  let redis: TestRedis;
  let state: string;
  let server: ChildServer;
  let client: AelabClient;

  const post = async (route: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${server.url}/worker/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const claimNew = async (): Promise<{ runId: string; lease: string }> => {
    const run = await client.runs.create.mutate(tinyConfig({ seed: Math.floor(Math.random() * 1e9) }));
    const claim = await post('claim', { worker: me, runId: run.id, attempt: 0 });
    expect(claim.body).toMatchObject({ ok: true, resume: false });
    return { runId: run.id, lease: claim.body.lease as string };
  };
  const log = (runId: string, message: string) => ({ type: 'log', runId, message });

  beforeAll(async () => {
    redis = await startRedis();
    state = mkdtempSync(join(tmpdir(), 'aelab-queue-lease-'));
    // No workers: the runs wait on the queue and this test claims them.
    server = await spawnServer(['--state-dir', state, '--queue', redis.url, '--no-web']);
    client = createClient(server.url);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await redis?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('stores a progress batch once, however often it is sent', async () => {
    const { runId, lease } = await claimNew();
    expect((await post('report', { runId, lease, batch: 1, messages: [log(runId, 'one'), log(runId, 'two')] })).status).toBe(200);
    // The answer was lost; the worker sends the same batch again.
    expect((await post('report', { runId, lease, batch: 1, messages: [log(runId, 'one'), log(runId, 'two')] })).status).toBe(200);
    expect((await post('report', { runId, lease, batch: 2, messages: [log(runId, 'three')] })).status).toBe(200);
    expect((await post('report', { runId, lease, batch: 1, messages: [log(runId, 'one'), log(runId, 'two')] })).status).toBe(200);
    expect(logLines(await client.runs.logs.query({ id: runId }))).toEqual(['one', 'two', 'three']);
  });

  it('refuses reports without a batch number or under a lease that is not the run’s', async () => {
    const { runId, lease } = await claimNew();
    expect((await post('report', { runId, lease, messages: [log(runId, 'x')] })).status).toBe(400);
    const stale = await post('report', { runId, lease: 'not-the-lease', batch: 1, messages: [log(runId, 'x')] });
    expect(stale).toMatchObject({ status: 409, body: { error: 'LEASE_LOST' } });
    expect(logLines(await client.runs.logs.query({ id: runId }))).toEqual([]);
  });

  it('records the end once: a repeated done is refused and changes nothing', async () => {
    const { runId, lease } = await claimNew();
    const outcome = { status: 'succeeded', result: { epochs: 3 } };
    expect((await post('done', { runId, lease, outcome })).status).toBe(200);
    expect((await post('done', { runId, lease, outcome })).status).toBe(409);
    expect((await post('report', { runId, lease, batch: 1, messages: [log(runId, 'late')] })).status).toBe(409);
    const events = await client.runs.logs.query({ id: runId });
    expect(statuses(events)).toEqual(['queued', 'running', 'succeeded']);
    expect(logLines(events)).toEqual([]);
    expect((await client.runs.get.query({ id: runId })).result).toEqual({ epochs: 3 });
  });

  it('takes small files together under the lease, checking every path first', async () => {
    const { runId, lease } = await claimNew();
    const b64 = (t: string): string => Buffer.from(t).toString('base64');
    const files = [
      { path: 'metrics.jsonl', data: b64('{"a":1}\n') },
      { path: 'checkpoint/state.json', data: b64('{}') },
    ];
    expect((await post('upload', { runId, lease: 'not-the-lease', files })).status).toBe(409);
    expect((await post('upload', { runId, lease, files: [...files, { path: '../escape', data: b64('x') }] })).body).toMatchObject({ error: 'BAD_PATH' });
    expect((await post('upload', { runId, lease, files: [{ path: '.hidden', data: b64('x') }] })).body).toMatchObject({ error: 'BAD_PATH' });
    // Nothing of a refused batch was written.
    expect(await (await fetch(`${server.url}/worker/files/${runId}`)).json()).toEqual([]);
    expect((await post('upload', { runId, lease, files })).status).toBe(200);
    const listed = (await (await fetch(`${server.url}/worker/files/${runId}`)).json()) as { path: string }[];
    expect(listed.map((f) => f.path).sort()).toEqual(['checkpoint/state.json', 'metrics.jsonl']);
    expect(await (await fetch(`${server.url}/worker/files/${runId}/metrics.jsonl`)).text()).toBe('{"a":1}\n');
  });

  it('gives a worker that claims again (its answer was lost) a new lease, and drops the old one', async () => {
    const { runId, lease } = await claimNew();
    const again = await post('claim', { worker: me, runId, attempt: 0 });
    expect(again.body).toMatchObject({ ok: true });
    expect(again.body.lease).not.toBe(lease);
    expect((await post('report', { runId, lease, batch: 1, messages: [log(runId, 'old')] })).status).toBe(409);
    expect((await post('report', { runId, lease: again.body.lease, batch: 1, messages: [log(runId, 'new')] })).status).toBe(200);
    const events = await client.runs.logs.query({ id: runId });
    expect(statuses(events)).toEqual(['queued', 'running']);
    expect(logLines(events)).toEqual(['worker tester claimed the run again (the server restarted before answering); resuming from the start', 'new']);
    // A claim for an attempt the run is not at is refused.
    expect((await post('claim', { worker: me, runId, attempt: 5 })).body).toMatchObject({ ok: false });
  });
});
