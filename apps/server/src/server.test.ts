// Integration tests: a real server process on an ephemeral loopback port, driven through the typed client.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, existsSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from './api.js';
import { createClient, type AelabClient } from './client.js';
import { longConfig, subscribe, tinyConfig } from './test-support/fixtures.js';
import { appCode, rejection } from './test-support/trpc-errors.js';
import { spawnServer, waitFor, type ChildServer } from './test-support/spawn-server.js';

/** A raw request, for what the typed client cannot send (bad Host headers, odd paths). */
function raw(url: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const statuses = (events: RunEvent[]): string[] => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
const trainTypes = (events: RunEvent[]): string[] => events.flatMap((e) => (e.type === 'train' ? [e.event.type] : []));

describe('a server on loopback', () => {
  let state: string;
  let server: ChildServer;
  let client: AelabClient;

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'aelab-server-'));
    server = await spawnServer(['--state-dir', state, '--concurrency', '2', '--max-epochs', '6000']);
    client = createClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('prints its URL on loopback and answers health checks', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await raw(server.url, '/health')).toEqual({ status: 200, body: '{"ok":true}' });
  });

  it('lists datasets and describes its backends and limits', async () => {
    const datasets = await client.datasets.list.query();
    expect(datasets.map((d) => d.name)).toEqual(expect.arrayContaining(['mnist', 'gaussian', 'usps', 'cifar10']));
    expect(datasets.find((d) => d.name === 'gaussian')?.available).toBe(true);
    const info = await client.backends.info.query();
    expect(info.concurrency).toBe(2);
    expect(info.limits.maxEpochs).toBe(6000);
    expect(info.backends.some((b) => b.available)).toBe(true);
  });

  it('trains a run and streams its status and epochs until it ends', async () => {
    const run = await client.runs.create.mutate(tinyConfig({ epochs: 3, name: 'tiny' }));
    expect(run.key).toMatch(/^[0-9a-f]{16}$/);
    expect(run.id.startsWith(run.key.slice(0, 8))).toBe(true);
    const { done } = subscribe(client, run.id);
    const { events, ids, completed } = await done;
    expect(completed).toBe(true);
    expect(statuses(events)).toEqual(['queued', 'running', 'succeeded']);
    expect(trainTypes(events).filter((t) => t === 'epoch')).toHaveLength(3);
    // Event ids are the seqs: strictly increasing, so a reconnect can resume after any of them.
    const seqs = ids.map(Number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    const detail = await client.runs.get.query({ id: run.id });
    expect(detail.status).toBe('succeeded');
    expect(detail.name).toBe('tiny');
    expect(detail.history.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(detail.history[2]!.metrics.loss).toBeGreaterThan(0);
    expect(detail.metrics.loss).toBeGreaterThan(0);
    expect(detail.config?.training.epochs).toBe(3);
    expect(detail.progress?.epoch).toBe(3);
    expect(detail.attempt).toBe(1);
  });

  it('resumes a subscription after lastEventId without repeats', async () => {
    const run = await client.runs.create.mutate(tinyConfig({ epochs: 2, seed: 5 }));
    const all = await subscribe(client, run.id).done;
    const cut = Math.floor(all.ids.length / 2);
    const rest = await subscribe(client, run.id, { lastEventId: all.ids[cut - 1]! }).done;
    expect(rest.ids).toEqual(all.ids.slice(cut));
    // After the final status there is nothing more: the stream ends at once.
    const none = await subscribe(client, run.id, { lastEventId: all.ids.at(-1)! }).done;
    expect(none.events).toEqual([]);
    const logs = await client.runs.logs.query({ id: run.id, after: Number(all.ids[cut - 1]) });
    expect(logs.map((e) => String(e.seq))).toEqual(all.ids.slice(cut));
  });

  it('gives equal configs equal keys and lists runs by status, dataset and model with paging', async () => {
    const a = await client.runs.create.mutate(tinyConfig({ epochs: 1, seed: 42 }));
    const b = await client.runs.create.mutate(tinyConfig({ epochs: 1, seed: 42 }));
    const c = await client.runs.create.mutate(tinyConfig({ epochs: 1, seed: 43 }));
    expect(a.key).toBe(b.key);
    expect(c.key).not.toBe(a.key);
    expect(a.id).not.toBe(b.id);
    await Promise.all([a, b, c].map((r) => subscribe(client, r.id).done));
    const byKey = await client.runs.list.query({ key: a.key });
    expect(byKey.items.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    const gaussian = await client.runs.list.query({ dataset: 'gaussian', model: 'dense', status: 'succeeded' });
    expect(gaussian.total).toBeGreaterThanOrEqual(3);
    expect(gaussian.items.every((r) => r.status === 'succeeded' && r.dataset === 'gaussian')).toBe(true);
    expect((await client.runs.list.query({ dataset: 'mnist' })).total).toBe(0);
    const page1 = await client.runs.list.query({ limit: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.nextOffset).toBe(2);
    const page2 = await client.runs.list.query({ limit: 2, offset: 2 });
    expect(page2.items.map((r) => r.id)).not.toContain(page1.items[0]!.id);
    // Newest first.
    expect(page1.items[0]!.id).toBe(c.id);
  });

  it('lists artifacts with working download URLs', async () => {
    const run = await client.runs.create.mutate(tinyConfig({ epochs: 2, seed: 7 }));
    await subscribe(client, run.id).done;
    const artifacts = await client.runs.artifacts.query({ id: run.id });
    expect(artifacts.length).toBeGreaterThan(0);
    expect(artifacts.every((a) => a.complete)).toBe(true);
    const model = artifacts.find((a) => a.path === 'model/model.json');
    expect(model).toMatchObject({ kind: 'model', mediaType: 'application/json' });
    const res = await fetch(`${server.url}${model!.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(Number(res.headers.get('content-length') ?? model!.size)).toBe(model!.size);
    expect(typeof (await res.json())).toBe('object');
    for (const png of artifacts.filter((a) => a.mediaType === 'image/png')) {
      const img = await fetch(`${server.url}${png.url}`);
      expect(img.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await img.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([137, 80, 78, 71]));
    }
    expect(artifacts.map((a) => a.kind)).toEqual(expect.arrayContaining(['config', 'metrics', 'model', 'checkpoint']));
  });

  it('cancels a running run through its worker, and a queued run at once', async () => {
    const running = await client.runs.create.mutate(longConfig(11));
    const sub = subscribe(client, running.id);
    await waitFor(
      () => client.runs.get.query({ id: running.id }),
      (r) => (r.progress?.epoch ?? 0) >= 1,
    );
    const cancelled = await client.runs.cancel.mutate({ id: running.id });
    expect(cancelled.status).toBe('cancelled');
    const { events } = await sub.done;
    expect(statuses(events).at(-1)).toBe('cancelled');
    // Cancelling twice is harmless; a finished run cannot be cancelled.
    expect((await client.runs.cancel.mutate({ id: running.id })).status).toBe('cancelled');

    // Fill both workers, so the third run stays queued.
    const busy = await Promise.all([client.runs.create.mutate(longConfig(12)), client.runs.create.mutate(longConfig(13))]);
    const queued = await client.runs.create.mutate(longConfig(14));
    expect((await client.runs.get.query({ id: queued.id })).status).toBe('queued');
    expect((await client.runs.cancel.mutate({ id: queued.id })).status).toBe('cancelled');
    await Promise.all(busy.map((r) => client.runs.cancel.mutate({ id: r.id })));
    const done = (await client.runs.list.query({ status: ['queued', 'running'] })).total;
    expect(done).toBe(0);
  });

  it('resumes a cancelled run from its checkpoint', async () => {
    const run = await client.runs.create.mutate(longConfig(21));
    await waitFor(
      () => client.runs.get.query({ id: run.id }),
      (r) => (r.checkpoint?.epoch ?? 0) >= 2,
    );
    const stopped = await client.runs.cancel.mutate({ id: run.id });
    const from = stopped.checkpoint!.epoch;
    expect(from).toBeGreaterThanOrEqual(2);
    const seen: RunEvent[] = [];
    const last = (await client.runs.logs.query({ id: run.id, limit: 5000 })).at(-1)!.seq;
    const resumed = await client.runs.resume.mutate({ id: run.id });
    expect(['queued', 'running']).toContain(resumed.status);
    // Subscribed after the resume (a finished run's stream ends at once), from the last event seen before it.
    const sub = subscribe(client, run.id, { lastEventId: String(last), onEvent: (e) => seen.push(e) });
    await waitFor(
      async () => seen,
      (s) => s.some((e) => e.type === 'train' && e.event.type === 'start'),
    );
    const start = seen.find((e) => e.type === 'train' && e.event.type === 'start');
    expect(start?.type === 'train' && start.event.type === 'start' && start.event.resumed).toBe(true);
    expect(start?.type === 'train' && start.event.epoch).toBeGreaterThanOrEqual(from);
    await client.runs.cancel.mutate({ id: run.id });
    await sub.done;
    expect((await client.runs.get.query({ id: run.id })).attempt).toBe(2);
  });

  it('deletes a run with its files', async () => {
    const run = await client.runs.create.mutate(tinyConfig({ epochs: 1, seed: 99 }));
    await subscribe(client, run.id).done;
    expect(existsSync(join(state, 'runs', run.id))).toBe(true);
    expect(await client.runs.delete.mutate({ id: run.id })).toEqual({ id: run.id, deleted: true });
    expect(existsSync(join(state, 'runs', run.id))).toBe(false);
    expect(appCode(await rejection(client.runs.get.query({ id: run.id })))).toBe('NOT_FOUND');
  });

  describe('refuses bad input', () => {
    it('invalid configs, naming the path', async () => {
      const err = await rejection(client.runs.create.mutate({ training: { epochs: -1 } } as never));
      expect(err.data?.code).toBe('BAD_REQUEST');
      expect(appCode(err)).toBe('INVALID_CONFIG');
      expect(err.message).toMatch(/^invalid run config: training\.epochs/);
      expect(appCode(await rejection(client.runs.create.mutate({ data: { name: 'imagenet' } } as never)))).toBe('INVALID_CONFIG');
    });

    it('a config with a misspelled key, naming its path and the right spelling', async () => {
      const config = tinyConfig({ epochs: 1 });
      const err = await rejection(client.runs.create.mutate({ ...config, training: { ...config.training, learningrate: 0.5 } } as never));
      expect(err.data?.code).toBe('BAD_REQUEST');
      expect(appCode(err)).toBe('UNKNOWN_CONFIG_KEY');
      expect(err.message).toBe('invalid run config: training.learningrate: unknown key — did you mean "learningRate"?');
      const nested = await rejection(client.runs.create.mutate({ ...config, model: { type: 'dense', layers: [{ units: 2, activaton: 'relu' }] } } as never));
      expect(nested.message).toBe('invalid run config: model.layers[0].activaton: unknown key — did you mean "activation"?');
    });

    it('configs over the server limits or reaching outside its data dir', async () => {
      const many = await rejection(client.runs.create.mutate(tinyConfig({ epochs: 7000 })));
      expect(appCode(many)).toBe('INVALID_CONFIG');
      expect(many.message).toMatch(/7000 epochs is over this server's limit of 6000/);
      const dataDir = await rejection(client.runs.create.mutate({ data: { name: 'mnist', dataDir: '/etc' } }));
      expect(dataDir.message).toMatch(/data\.dataDir/);
      const split = await rejection(client.runs.create.mutate({ data: { name: 'mnist', splitFile: '../../etc/passwd' } }));
      expect(split.message).toMatch(/data\.splitFile/);
      // Under the body limit (1 MiB) but over the config limit (256 KiB).
      const points = Array.from({ length: 12_000 }, (_, i) => [i / 12_000, 0.5, 0.25]);
      const big = await rejection(client.runs.create.mutate({ data: { name: 'inline', points } }));
      expect(big.data?.code).toBe('PAYLOAD_TOO_LARGE');
      expect(appCode(big)).toBe('CONFIG_TOO_LARGE');
    });

    it('unknown and malformed run ids', async () => {
      for (const call of [
        () => client.runs.get.query({ id: 'deadbeef-nope' }),
        () => client.runs.cancel.mutate({ id: 'deadbeef-nope' }),
        () => client.runs.delete.mutate({ id: 'deadbeef-nope' }),
        () => client.runs.artifacts.query({ id: 'deadbeef-nope' }),
        () => client.runs.resume.mutate({ id: 'deadbeef-nope' }),
        () => client.runs.logs.query({ id: 'deadbeef-nope' }),
      ]) {
        const err = await rejection(call());
        expect(err.data?.code).toBe('NOT_FOUND');
        expect(err.message).toBe('no run deadbeef-nope');
      }
      expect(appCode(await rejection(client.runs.get.query({ id: '../etc' })))).toBe('INVALID_INPUT');
      await expect(subscribe(client, 'deadbeef-nope').done).rejects.toThrow(/no run deadbeef-nope/);
    });

    it('oversized bodies', async () => {
      const body = JSON.stringify({ data: { name: 'inline', points: [[0.5]] }, pad: 'x'.repeat(2 * 1024 * 1024) });
      const res = await raw(server.url, '/trpc/runs.create', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body });
      expect(res.status).toBe(413);
    });

    it('artifact paths that leave the run directory', async () => {
      const run = await client.runs.create.mutate(tinyConfig({ epochs: 1, seed: 123 }));
      await subscribe(client, run.id).done;
      const dir = join(state, 'runs', run.id);
      writeFileSync(join(state, 'secret.txt'), 'TOP-SECRET-CONTENT');
      symlinkSync(join(state, 'secret.txt'), join(dir, 'link.txt'));
      mkdirSync(join(dir, 'sub'));
      for (const path of [
        `/artifacts/${run.id}/../../registry.sqlite`,
        `/artifacts/${run.id}/..%2F..%2Fregistry.sqlite`,
        `/artifacts/${run.id}/sub/..%2F..%2F..%2Fsecret.txt`,
        `/artifacts/${run.id}/%2Fetc%2Fpasswd`,
        `/artifacts/${run.id}/link.txt`,
        `/artifacts/${run.id}/.hidden`,
        `/artifacts/${run.id}/..\\..\\secret.txt`,
        `/artifacts/${run.id}/x%00.png`,
        `/artifacts/..%2F${run.id}/config.json`,
      ]) {
        const res = await raw(server.url, path);
        expect([400, 404], `${path} -> ${res.status} ${res.body}`).toContain(res.status);
        expect(res.body).not.toContain('TOP-SECRET-CONTENT');
      }
      expect((await raw(server.url, `/artifacts/${run.id}/sub`)).status).toBe(404);
      // The link is not listed either.
      expect((await client.runs.artifacts.query({ id: run.id })).map((a) => a.path)).not.toContain('link.txt');
    });

    it('foreign origins and Host names (DNS rebinding)', async () => {
      expect((await raw(server.url, '/trpc/runs.list', { headers: { origin: 'https://evil.example' } })).status).toBe(403);
      expect((await raw(server.url, '/trpc/runs.list', { headers: { host: 'evil.example' } })).status).toBe(403);
      const ok = await raw(server.url, '/trpc/runs.list', { headers: { origin: 'http://localhost:5173' } });
      expect(ok.status).toBe(200);
    });
  });
});

describe('a server with a token', () => {
  let state: string;
  let server: ChildServer;
  const token = 'test-token-0123456789';

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'aelab-server-'));
    server = await spawnServer(['--state-dir', state, '--token', token]);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('refuses calls and subscriptions without the token', async () => {
    const anon = createClient(server.url);
    expect((await rejection(anon.runs.list.query())).data?.code).toBe('UNAUTHORIZED');
    expect((await rejection(createClient(server.url, { token: 'wrong-token-xxxx' }).runs.list.query())).data?.code).toBe('UNAUTHORIZED');
    const authed = createClient(server.url, { token });
    const run = await authed.runs.create.mutate(tinyConfig({ epochs: 1 }));
    await expect(subscribe(anon, run.id).done).rejects.toThrow(/token/);
    const { events } = await subscribe(authed, run.id).done;
    expect(statuses(events).at(-1)).toBe('succeeded');

    const [art] = await authed.runs.artifacts.query({ id: run.id });
    expect(art!.url).toMatch(/\?exp=\d+&sig=/);
    expect((await fetch(`${server.url}${art!.url}`)).status).toBe(200);
    expect((await fetch(`${server.url}${art!.url.replace(/sig=./, 'sig=A')}`)).status).toBe(401);
    expect((await fetch(`${server.url}${art!.url.split('?')[0]}`)).status).toBe(401);
    expect((await fetch(`${server.url}${art!.url.split('?')[0]}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('will not bind beyond loopback without one', async () => {
    const other = mkdtempSync(join(tmpdir(), 'aelab-server-'));
    await expect(spawnServer(['--state-dir', other, '--host', '0.0.0.0'], { AELAB_TOKEN: '' })).rejects.toThrow(/TOKEN_REQUIRED/);
    rmSync(other, { recursive: true, force: true });
  });

  it('will not share its state dir with a second server', async () => {
    await expect(spawnServer(['--state-dir', state])).rejects.toThrow(/STATE_LOCKED/);
  });
});

describe('a server killed mid-run', () => {
  it('marks the run interrupted with its checkpoint, restarts the queue, and resumes the run', async () => {
    const state = mkdtempSync(join(tmpdir(), 'aelab-server-'));
    let server = await spawnServer(['--state-dir', state, '--concurrency', '1']);
    let client = createClient(server.url);
    const inFlight = await client.runs.create.mutate(longConfig(31));
    const waiting = await client.runs.create.mutate(tinyConfig({ epochs: 2, seed: 32 }));
    await waitFor(
      () => client.runs.get.query({ id: inFlight.id }),
      (r) => (r.checkpoint?.epoch ?? 0) >= 2,
    );
    expect((await client.runs.get.query({ id: waiting.id })).status).toBe('queued');
    await server.kill9();

    server = await spawnServer(['--state-dir', state, '--concurrency', '1']);
    client = createClient(server.url);
    const after = await client.runs.get.query({ id: inFlight.id });
    expect(after.status).toBe('interrupted');
    expect(after.checkpoint!.epoch).toBeGreaterThanOrEqual(2);
    // Whatever the dead process left is not presented as finished.
    expect((await client.runs.artifacts.query({ id: inFlight.id })).every((a) => !a.complete)).toBe(true);
    // The queued run starts again on its own.
    const { events } = await subscribe(client, waiting.id).done;
    expect(statuses(events).at(-1)).toBe('succeeded');

    const seen: RunEvent[] = [];
    const last = (await client.runs.logs.query({ id: inFlight.id, limit: 5000 })).at(-1)!.seq;
    await client.runs.resume.mutate({ id: inFlight.id });
    const sub = subscribe(client, inFlight.id, { lastEventId: String(last), onEvent: (e) => seen.push(e) });
    await waitFor(
      async () => seen,
      (s) => s.some((e) => e.type === 'train' && e.event.type === 'epoch'),
    );
    const start = seen.find((e) => e.type === 'train' && e.event.type === 'start');
    expect(start?.type === 'train' && start.event.type === 'start' && start.event.resumed).toBe(true);
    expect(start?.type === 'train' && start.event.epoch).toBeGreaterThanOrEqual(after.checkpoint!.epoch);
    await client.runs.cancel.mutate({ id: inFlight.id });
    await sub.done;
    await server.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('turns runs stopped by a graceful shutdown into interrupted ones', async () => {
    const state = mkdtempSync(join(tmpdir(), 'aelab-server-'));
    let server = await spawnServer(['--state-dir', state]);
    let client = createClient(server.url);
    const run = await client.runs.create.mutate(longConfig(41));
    await waitFor(
      () => client.runs.get.query({ id: run.id }),
      (r) => r.status === 'running',
    );
    await server.stop();
    server = await spawnServer(['--state-dir', state]);
    client = createClient(server.url);
    const after = await client.runs.get.query({ id: run.id });
    expect(after.status).toBe('interrupted');
    expect(after.checkpoint).not.toBeNull();
    await server.stop();
    rmSync(state, { recursive: true, force: true });
  });
});
