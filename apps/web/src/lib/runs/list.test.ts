import type { RunEvent } from '@aelab/server';
import { describe, expect, it } from 'vitest';
import { recordedRun, runListFixture, summaryOf } from '../../stories/runs.js';
import { actionsFor, applyStatusEvent, durationText, progressFraction, progressText } from './list.js';

const status = (runId: string, s: Extract<RunEvent, { type: 'status' }>['status'], extra: Partial<Extract<RunEvent, { type: 'status' }>> = {}): RunEvent => ({
  seq: 99,
  runId,
  time: '2026-01-01T00:00:05.000Z',
  type: 'status',
  status: s,
  ...extra,
});

describe('applyStatusEvent', () => {
  it('updates the run in place and leaves the others alone', () => {
    const items = runListFixture();
    const queued = items.find((r) => r.status === 'queued')!;
    const running = applyStatusEvent(items, status(queued.id, 'running'))!;
    const row = running.find((r) => r.id === queued.id)!;
    expect(row).toMatchObject({ status: 'running', startedAt: '2026-01-01T00:00:05.000Z', finishedAt: null });
    expect(running.filter((r) => r.id !== queued.id)).toEqual(items.filter((r) => r.id !== queued.id));
    const failed = applyStatusEvent(running, status(queued.id, 'failed', { error: { code: 'DIVERGED', message: 'loss is NaN' } }))!;
    expect(failed.find((r) => r.id === queued.id)).toMatchObject({ status: 'failed', error: { code: 'DIVERGED' }, finishedAt: '2026-01-01T00:00:05.000Z' });
  });

  it('says when the event is about a run it does not hold (the list reloads then)', () => {
    expect(applyStatusEvent(runListFixture(), status('abcdef12-new', 'queued'))).toBeNull();
  });
});

describe('actionsFor', () => {
  it('offers what the server accepts in each state', () => {
    expect(actionsFor('running')).toEqual({ cancel: true, resume: false, delete: true });
    expect(actionsFor('queued')).toEqual({ cancel: true, resume: false, delete: true });
    expect(actionsFor('interrupted')).toEqual({ cancel: true, resume: true, delete: true });
    expect(actionsFor('failed')).toEqual({ cancel: false, resume: true, delete: true });
    expect(actionsFor('cancelled')).toEqual({ cancel: false, resume: true, delete: true });
    expect(actionsFor('succeeded')).toEqual({ cancel: false, resume: false, delete: true });
  });
});

describe('progress and duration', () => {
  it('describes progress per stage', () => {
    const run = summaryOf(recordedRun('fixture-stacked').detail);
    expect(progressText(run)).toBe('fine-tune: 5 / 5 epochs');
    expect(progressFraction(run)).toBe(1);
    expect(progressText({ status: 'running', progress: { epoch: 3, epochs: 12 } })).toBe('3 / 12 epochs');
    expect(progressFraction({ status: 'running', progress: { epoch: 3, epochs: 12 } })).toBe(0.25);
    expect(progressFraction({ status: 'queued', progress: null })).toBeNull();
  });

  it('formats durations', () => {
    expect(durationText('2026-01-01T00:00:00Z', '2026-01-01T00:00:02.4Z')).toBe('2 s');
    expect(durationText('2026-01-01T00:00:00Z', '2026-01-01T00:03:04Z')).toBe('3 min 4 s');
    expect(durationText('2026-01-01T00:00:00Z', '2026-01-01T01:02:00Z')).toBe('1 h 2 min');
    expect(durationText('2026-01-01T00:00:00Z', null, Date.parse('2026-01-01T00:00:09Z'))).toBe('9 s');
    expect(durationText(null, null)).toBe('');
  });
});
