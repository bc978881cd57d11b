import { describe, expect, it } from 'vitest';
import { runListFixture } from '../../stories/runs.js';
import { RunsStore } from './runs.svelte.js';

describe('RunsStore', () => {
  it('applies status changes of listed runs in place', () => {
    const store = new RunsStore();
    store.items = runListFixture();
    const running = store.items.find((r) => r.status === 'running')!;
    store.apply({ seq: 500, runId: running.id, time: '2026-01-01T00:00:09.000Z', type: 'status', status: 'succeeded' });
    expect(store.items.find((r) => r.id === running.id)).toMatchObject({ status: 'succeeded', finishedAt: '2026-01-01T00:00:09.000Z' });
    expect(store.items).toHaveLength(runListFixture().length);
  });

  it('keeps its rows for events about runs it does not list, and ignores other events', () => {
    const store = new RunsStore();
    store.items = runListFixture();
    const before = store.items;
    store.apply({ seq: 501, runId: 'ffffffff-new', time: '2026-01-01T00:00:09.000Z', type: 'status', status: 'queued' });
    store.apply({ seq: 502, runId: before[0]!.id, time: '2026-01-01T00:00:09.000Z', type: 'log', level: 'info', message: 'hello' });
    expect(store.items).toBe(before);
  });
});
