import { describe, expect, it } from 'vitest';
import { partway, recordedRun } from '../../stories/runs.js';
import { RunStore } from './run.svelte.js';

describe('RunStore', () => {
  it('extends the stored history with the live events into the full curve, and ends with the final status', () => {
    const run = recordedRun('fixture-dense2d');
    const { detail, rest } = partway(run, 12);
    const store = new RunStore(run.detail.id);
    store.receive(detail);
    expect(store.state).toBe('ready');
    expect(store.points).toHaveLength(12);
    for (const ev of rest) store.apply(ev);
    expect(store.points).toEqual(run.detail.history);
    expect(store.status).toBe('succeeded');
    expect(store.detail?.progress).toMatchObject({ epoch: 30, epochs: 30 });
    // The latest epoch's numbers, as the summary keeps them.
    expect(store.detail?.metrics.rmse).toBe(run.detail.history.at(-1)!.metrics.rmse);
  });

  it('takes the live 2-D codes from snapshots', () => {
    const run = recordedRun('fixture-dense2d');
    const { detail, rest } = partway(run, 5);
    const store = new RunStore(run.detail.id);
    store.receive(detail);
    for (const ev of rest) store.apply(ev);
    const last = run.events.filter((e) => e.type === 'train' && e.event.type === 'snapshot').at(-1)!;
    if (last.type !== 'train' || last.event.type !== 'snapshot') throw new Error('no snapshot');
    expect(store.codes?.values).toEqual(Float32Array.from(last.event.codes!.values));
    expect(store.codes?.labels).toHaveLength(60);
  });

  it('replays a stacked run stage by stage and keeps its messages', () => {
    const run = recordedRun('fixture-stacked');
    const { detail, rest } = partway(run, 0);
    const store = new RunStore(run.detail.id);
    store.receive({ ...detail, status: 'queued', progress: null });
    for (const ev of rest) store.apply(ev);
    expect(store.points.map((p) => p.stage)).toEqual(run.detail.history.map((p) => p.stage));
    expect(store.detail?.progress?.stage).toBe('fine-tune');
    expect(store.logs.length).toBe(run.events.filter((e) => e.type === 'log').length);
  });

  it('applies a failure with its code', () => {
    const run = recordedRun('fixture-dense2d-slow');
    const store = new RunStore(run.detail.id);
    store.receive(partway(run, 3).detail);
    store.apply({ seq: 10_000, runId: run.detail.id, time: '2026-01-01T00:00:00.000Z', type: 'status', status: 'failed', error: { code: 'DIVERGED', message: 'the loss is NaN' } });
    expect(store.detail).toMatchObject({ status: 'failed', error: { code: 'DIVERGED' } });
    expect(store.points).toHaveLength(3);
  });
});
