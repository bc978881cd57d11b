// Experiments on a real server process with a real registry: nested runs, live progress, and a kill -9 mid-run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentStreamEvent, RunEvent, RunSummary } from './api.js';
import { createClient, type AelabClient } from './client.js';
import { appCode, rejection } from './test-support/trpc-errors.js';
import { subscribe } from './test-support/fixtures.js';
import { spawnServer, waitFor, type ChildServer } from './test-support/spawn-server.js';

/** Three jobs (ELM over 2 seeds, KELM, DDAE) on embedded MNIST digits: seconds, no data dir. */
function tinyDdae(ddaeEpochs = 1) {
  return {
    quick: true,
    limitTrain: 300,
    limitTest: 100,
    models: ['ELM', 'KELM', 'DDAE'],
    config: {
      stacks: { mnist: { units: [32, 16], epochs: [ddaeEpochs, ddaeEpochs] } },
      elm: { hidden: [50], seeds: 2 },
      kelm: { C: [10], sigmaScales: [0.7] },
    },
  };
}

const JOBS = ['mnist-ELM', 'mnist-KELM-seed0', 'mnist-DDAE-seed0'];
const experimentEvents = (events: RunEvent[]): ExperimentStreamEvent[] => events.flatMap((e) => (e.type === 'experiment' ? [e.event] : []));
const byKey = (items: RunSummary[]): Record<string, RunSummary> => Object.fromEntries(items.map((r) => [r.jobKey!, r]));

describe('experiments on a server', () => {
  let state: string;
  let server: ChildServer;
  let client: AelabClient;

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'aelab-server-exp-'));
    server = await spawnServer(['--state-dir', state, '--concurrency', '1']);
    client = createClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('describes its experiments with their option fields', async () => {
    const list = await client.experiments.list.query();
    const ddae = list.find((e) => e.name === 'ddae')!;
    expect(ddae.source.document).toMatch(/\.txt$/);
    expect(ddae.quickOptions).toMatchObject({ quick: true });
    expect(ddae.fields.find((f) => f.name === 'models')).toMatchObject({ type: 'enum-list', choices: expect.arrayContaining(['DDAE', 'KELM']) });
    expect(ddae.tables.map((t) => t.id)).toContain('results');
  });

  it('refuses bad options with their path, and unknown experiments, before queueing anything', async () => {
    const before = (await client.runs.list.query({})).total;
    const bad = await rejection(client.experiments.submit.mutate({ experiment: 'ddae', options: { limitTrain: -3, modles: ['ELM'] } }));
    expect(bad.data?.code).toBe('BAD_REQUEST');
    expect(appCode(bad)).toBe('INVALID_OPTIONS');
    expect(bad.message).toMatch(/limitTrain/);
    expect(bad.message).toMatch(/modles/);
    const unknown = await rejection(client.experiments.submit.mutate({ experiment: 'nope', options: {} }));
    expect(appCode(unknown)).toBe('UNKNOWN_EXPERIMENT');
    expect((await client.runs.list.query({})).total).toBe(before);
  });

  it('runs an experiment as a parent run with one child run per job, streaming rows as they fill in', async () => {
    const { id } = await client.experiments.submit.mutate({ experiment: 'ddae', options: tinyDdae(), name: 'tiny ddae' });
    const { done } = subscribe(client, id);
    const { events } = await done;
    const parent = await client.runs.get.query({ id });
    expect(parent).toMatchObject({ status: 'succeeded', kind: 'experiment', experiment: 'ddae', parentId: null, name: 'tiny ddae', config: null });
    expect(parent.options).toMatchObject({ quick: true, limitTrain: 300, download: false });
    expect(parent.children).toMatchObject({ planned: 3, counts: { succeeded: 3, running: 0, failed: 0 } });
    const results = parent.children!.tables[0]!;
    expect(results.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['ELM', 'KELM', 'DDAE']));

    // Top-level lists hold the parent, not its jobs; `parent` lists the jobs in plan order.
    const top = await client.runs.list.query({});
    expect(top.items.some((r) => r.id === id)).toBe(true);
    expect(top.items.some((r) => r.kind === 'job')).toBe(false);
    const children = (await client.runs.list.query({ parent: id })).items;
    expect(children.map((c) => c.jobKey)).toEqual(JOBS);
    for (const c of children) {
      expect(c).toMatchObject({ status: 'succeeded', kind: 'job', parentId: id, experiment: 'ddae' });
      expect(c.metrics.testAccuracy).toBeGreaterThan(0.3);
    }

    const stream = experimentEvents(events);
    expect(stream[0]).toMatchObject({ type: 'plan', finished: [] });
    expect(stream.filter((e) => e.type === 'job-start').map((e) => e.type === 'job-start' && e.childId)).toEqual(children.map((c) => c.id));
    const reports = stream.filter((e) => e.type === 'report');
    // A table after the plan and after each job: rows fill in as jobs finish.
    expect(reports.length).toBe(JOBS.length + 2);
    expect(reports.at(-1)).toMatchObject({ status: 'succeeded' });

    const files = (await client.runs.artifacts.query({ id })).map((a) => a.path);
    expect(files).toEqual(expect.arrayContaining(['report.html', 'report.md', 'results.json', 'run.json', 'figures/mnist-DDAE-weights.png']));
    const ddaeChild = children.find((c) => c.model === 'DDAE')!;
    const childFiles = await client.runs.artifacts.query({ id: ddaeChild.id });
    expect(childFiles.map((a) => a.path)).toEqual(expect.arrayContaining(['children/mnist-DDAE-seed0/run.json', 'figures/mnist-DDAE-weights.png']));
    // A job's files are served from its experiment's directory.
    const png = await fetch(`${server.url}${childFiles.find((a) => a.path.endsWith('weights.png'))!.url}`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');

    // A job goes with its experiment.
    expect(appCode(await rejection(client.runs.resume.mutate({ id: ddaeChild.id })))).toBe('INVALID_STATE');
    await client.runs.delete.mutate({ id });
    expect(appCode(await rejection(client.runs.get.query({ id: ddaeChild.id })))).toBe('NOT_FOUND');
  });

  it('cancels an experiment with its running job; the finished jobs stay succeeded', async () => {
    const { id } = await client.experiments.submit.mutate({ experiment: 'ddae', options: tinyDdae(400) });
    const running = await waitFor(
      () => client.runs.list.query({ parent: id }),
      (l) => l.items.some((c) => c.model === 'DDAE' && c.status === 'running'),
      60_000,
    );
    const finishedBefore = running.items.filter((c) => c.status === 'succeeded');
    expect(finishedBefore.length).toBe(2);
    expect((await client.runs.cancel.mutate({ id })).status).toBe('cancelled');
    const afterCancel = byKey((await client.runs.list.query({ parent: id })).items);
    expect(afterCancel['mnist-DDAE-seed0']!.status).toBe('cancelled');
    expect(afterCancel['mnist-ELM']!.status).toBe('succeeded');
    expect((await client.runs.get.query({ id })).children?.counts).toMatchObject({ succeeded: 2, cancelled: 1 });
    await client.runs.delete.mutate({ id });
  });
});

describe('an experiment through a server crash (kill -9)', () => {
  let state: string;
  let server: ChildServer | undefined;

  beforeAll(() => {
    state = mkdtempSync(join(tmpdir(), 'aelab-server-crash-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('keeps finished jobs and their ids, interrupts the running ones, keeps the queue, and resumes', async () => {
    server = await spawnServer(['--state-dir', state, '--concurrency', '1']);
    let client = createClient(server.url);
    const { id } = await client.experiments.submit.mutate({ experiment: 'ddae', options: tinyDdae(25) });
    const queued = await client.experiments.submit.mutate({ experiment: 'ddae', options: { ...tinyDdae(), models: ['KELM'] } });
    const before = await waitFor(
      () => client.runs.list.query({ parent: id }),
      (l) => l.items.some((c) => c.model === 'DDAE' && c.status === 'running' && (c.progress?.epoch ?? 0) > 0),
      60_000,
    );
    await server.kill9();

    server = await spawnServer(['--state-dir', state, '--concurrency', '1']);
    client = createClient(server.url);
    const parent = await client.runs.get.query({ id });
    expect(parent.status).toBe('interrupted');
    const after = byKey((await client.runs.list.query({ parent: id })).items);
    expect(after['mnist-DDAE-seed0']!.status).toBe('interrupted');
    for (const finished of before.items.filter((c) => c.status === 'succeeded')) {
      expect(after[finished.jobKey!]).toMatchObject({ id: finished.id, status: 'succeeded', metrics: finished.metrics });
    }
    // The queued experiment was not lost: it starts again on the restarted server.
    const second = await waitFor(() => client.runs.get.query({ id: queued.id }), (r) => r.status === 'succeeded', 60_000);
    expect(second.children?.counts.succeeded).toBe(1);

    const mark = (await client.runs.logs.query({ id, limit: 5000 })).at(-1)!.seq;
    await client.runs.resume.mutate({ id });
    // From the start: the stream replays the first attempt and its `interrupted`, and follows the resumed one to its end.
    const events = (await subscribe(client, id).done).events.filter((e) => e.seq > mark);
    const resumed = await client.runs.get.query({ id });
    expect(resumed.status).toBe('succeeded');
    expect(resumed.attempt).toBe(2);
    const final = byKey((await client.runs.list.query({ parent: id })).items);
    expect(Object.keys(final)).toEqual(JOBS);
    for (const key of JOBS) expect(final[key]).toMatchObject({ id: before.items.find((c) => c.jobKey === key)!.id, status: 'succeeded' });
    // Only the interrupted job ran again: the others were reused from the run directory.
    const started = experimentEvents(events).flatMap((e) => (e.type === 'job-start' ? [e.job.key] : []));
    expect(started.filter((k) => k !== 'mnist-DDAE-seed0')).toEqual([]);
    expect(started).toContain('mnist-DDAE-seed0');
    expect(final['mnist-DDAE-seed0']!.attempt).toBe(2);
    expect(final['mnist-ELM']!.attempt).toBe(1);
  }, 180_000);
});
