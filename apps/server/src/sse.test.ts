// runs.events and runs.watch as they go over the wire: tRPC's SSE framing, written by sse.ts, on a real server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from './api.js';
import { createClient, type AelabClient } from './client.js';
import { startServer, type RunningServer } from './server.js';
import { longConfig, subscribe, tinyConfig } from './test-support/fixtures.js';

const CONNECTED = 'event: connected\ndata: {"reconnectAfterInactivityMs":25000}\n\n\n';
const RETURN = 'event: return\ndata: \n\n\n';

/** The messages of an SSE body: each `data:` line with its `id:`. */
function messages(body: string): { id: string; data: RunEvent }[] {
  return [...body.matchAll(/^data: (\{.*\})\nid: (\d+)\n\n\n/gm)].map((m) => ({ id: m[2]!, data: JSON.parse(m[1]!) as RunEvent }));
}

describe('subscriptions on the wire', () => {
  let state: string;
  let server: RunningServer;
  let client: AelabClient;
  let runId: string;

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'aelab-sse-'));
    server = await startServer({ port: 0, stateDir: state, concurrency: 1 });
    client = createClient(server.url);
    runId = (await client.runs.create.mutate(tinyConfig({ seed: 4 }))).id;
    await subscribe(client, runId).done;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(state, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}/trpc/${path}`, { headers });

  it("sends a finished run's events in tRPC's framing, ids = seqs, and ends with `return`", async () => {
    const res = await get(`runs.events?input=${encodeURIComponent(JSON.stringify({ id: runId }))}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    const body = await res.text();
    expect(body.startsWith(CONNECTED)).toBe(true);
    expect(body.endsWith(RETURN)).toBe(true);
    const stored = await client.runs.logs.query({ id: runId });
    const sent = messages(body);
    expect(sent.map((m) => m.data)).toEqual(stored);
    expect(sent.map((m) => m.id)).toEqual(stored.map((e) => String(e.seq)));
  });

  it('resumes after the Last-Event-ID an EventSource sends when it reconnects', async () => {
    const stored = await client.runs.logs.query({ id: runId });
    const cut = stored[2]!.seq;
    const body = await (await get(`runs.events?input=${encodeURIComponent(JSON.stringify({ id: runId }))}`, { 'last-event-id': String(cut) })).text();
    expect(messages(body).map((m) => m.data.seq)).toEqual(stored.filter((e) => e.seq > cut).map((e) => e.seq));
  });

  it('leaves errors to tRPC: an unknown run or bad input is not a stream of events', async () => {
    const unknown = await get(`runs.events?input=${encodeURIComponent(JSON.stringify({ id: 'deadbeef-nope' }))}`);
    const text = await unknown.text();
    expect(messages(text)).toEqual([]);
    expect(text).toContain('no run deadbeef-nope');
    const bad = await (await get(`runs.events?input=${encodeURIComponent('{"id":')}`)).text();
    expect(messages(bad)).toEqual([]);
  });

  it('sends a big snapshot whole to live subscribers and stores it without its arrays', async () => {
    // Queued behind a long run, so that the subscription is live before the snapshot run starts.
    const blocker = await client.runs.create.mutate(longConfig(7));
    const snap = await client.runs.create.mutate({
      seed: 8,
      backend: 'cpu',
      data: { name: 'gaussian', k: 3, d: 400, pointsPerCluster: 20 },
      model: { type: 'dense', layers: [{ units: 200 }] },
      training: { epochs: 1, batchSize: 30, validationFraction: 0.2, snapshotEvery: 1 },
    });
    const res = await get(`runs.events?input=${encodeURIComponent(JSON.stringify({ id: snap.id }))}`);
    const body = res.text();
    await client.runs.cancel.mutate({ id: blocker.id });
    const live = messages(await body).filter((m) => m.data.type === 'train' && m.data.event.type === 'snapshot');
    expect(live.length).toBeGreaterThan(0);
    const stored = (await client.runs.logs.query({ id: snap.id })).filter((e) => e.type === 'train' && e.event.type === 'snapshot');
    expect(stored.map((e) => e.seq)).toEqual(live.map((m) => m.data.seq));
    for (const [i, m] of live.entries()) {
      expect(JSON.stringify(m.data).length).toBeGreaterThan(256 * 1024);
      expect(m.data.type === 'train' && m.data.event.omitted).toBeFalsy();
      const copy = stored[i]!;
      expect(copy.type === 'train' && copy.event.omitted).toBe(true);
      expect(JSON.stringify(copy).length).toBeLessThan(64 * 1024);
    }
  }, 60_000);

  it('streams status changes to watchers, live, as one message each', async () => {
    const res = await get('runs.watch?input=%7B%7D');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const read = async (until: (t: string) => boolean): Promise<void> => {
      while (!until(text)) text += decoder.decode((await reader.read()).value);
    };
    await read((t) => t.startsWith(CONNECTED));
    const run = await client.runs.create.mutate(tinyConfig({ seed: 5 }));
    await read((t) => messages(t).some((m) => m.data.runId === run.id && m.data.type === 'status' && m.data.status === 'succeeded'));
    await reader.cancel();
    const mine = messages(text).filter((m) => m.data.runId === run.id);
    expect(mine.map((m) => (m.data.type === 'status' ? m.data.status : m.data.type))).toEqual(['queued', 'running', 'succeeded']);
  });
});
