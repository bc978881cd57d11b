import { describe, expect, it } from 'vitest';
import { childRuns, recordedExperimentEvents } from '../../stories/experiments.js';
import { applyExperimentEvent, emptyView, isPaperColumn, jobCounts, mergeJobs, splitSpread, viewFromSummary } from './live.js';

const events = recordedExperimentEvents('p1');

describe('an experiment view filling in from its events', () => {
  it('lists the plan, marks jobs as they run and end, and takes the tables of each report', () => {
    let view = emptyView();
    const rowsSeen: number[] = [];
    for (const ev of events) {
      view = applyExperimentEvent(view, ev);
      if (ev.type === 'report') rowsSeen.push(view.tables[0]?.rows.length ?? 0);
    }
    // One row per model as its seeds finish: ELM, KELM, then DDAE (whose second seed joins the same row).
    expect(rowsSeen).toEqual([0, 1, 2, 3, 3, 3]);
    expect(view.jobs.map((j) => [j.key, j.status, j.childId])).toEqual([
      ['mnist-ELM', 'succeeded', 'p1-mnist-elm'],
      ['mnist-KELM-seed0', 'succeeded', 'p1-mnist-kelm-seed0'],
      ['mnist-DDAE-seed0', 'succeeded', 'p1-mnist-ddae-seed0'],
      ['mnist-DDAE-seed1', 'succeeded', 'p1-mnist-ddae-seed1'],
    ]);
    expect(view.current).toBeNull();
    expect(view.progress?.fraction).toBe(1);
    expect(jobCounts(view.jobs)).toEqual({ done: 4, failed: 0, total: 4 });
    const results = view.tables[0]!;
    expect(results.columns.filter(isPaperColumn)).toEqual(['paper train %', 'paper test %', 'reference test %', 'vs paper']);
  });

  it('shows the running job and its stage, and ends the same when events replay after a reconnect', () => {
    const start = events.findIndex((e) => e.type === 'job-start');
    let view = events.slice(0, start + 1).reduce(applyExperimentEvent, emptyView());
    expect(view.current?.key).toBe('mnist-ELM');
    expect(view.jobs[0]!.status).toBe('running');
    const once = events.reduce(applyExperimentEvent, emptyView());
    view = events.reduce(applyExperimentEvent, once);
    expect(view).toEqual(once);
  });

  it('marks jobs an earlier attempt finished as kept', () => {
    const plan = events.find((e) => e.type === 'plan')!;
    if (plan.type !== 'plan') throw new Error('no plan');
    const view = applyExperimentEvent(emptyView(), { ...plan, finished: ['mnist-ELM'] });
    expect(view.jobs[0]).toMatchObject({ status: 'succeeded', reused: true });
    expect(view.jobs[1]).toMatchObject({ status: 'queued', reused: false });
  });

  it("starts from runs.get's tables and keeps newer ones from the stream", () => {
    const tables = [{ id: 't', title: 'T', columns: ['model'], rows: [['ELM']] }];
    const summary = { planned: 4, counts: { queued: 3, running: 0, succeeded: 1, failed: 0, cancelled: 0, interrupted: 0 }, tables };
    const view = viewFromSummary(emptyView(), summary);
    expect(view.tables).toEqual(tables);
    // A summary read before the first report does not wipe tables the stream already brought.
    expect(viewFromSummary(view, { ...summary, tables: [] }).tables).toEqual(tables);
  });

  it('splits a mean ± std cell', () => {
    expect(splitSpread('92.27 ± 0.52 (best 93.20)')).toEqual({ mean: '92.27', spread: '0.52', rest: ' (best 93.20)' });
    expect(splitSpread('95.80')).toEqual({ mean: '95.80', spread: null, rest: '' });
  });
});

describe('the job list', () => {
  it("puts the server's child runs on the plan's jobs, keeps jobs not started yet, and appends children the plan lacks", () => {
    const plan = events.find((e) => e.type === 'plan')!;
    const planned = applyExperimentEvent(emptyView(), plan).jobs;
    const children = childRuns('p1', ['succeeded', 'running']);
    const jobs = mergeJobs(planned, children);
    expect(jobs.map((j) => [j.key, j.status, j.childId])).toEqual([
      ['mnist-ELM', 'succeeded', 'p1-mnist-elm'],
      ['mnist-KELM-seed0', 'running', 'p1-mnist-kelm-seed0'],
      ['mnist-DDAE-seed0', 'queued', 'p1-mnist-ddae-seed0'],
      ['mnist-DDAE-seed1', 'queued', 'p1-mnist-ddae-seed1'],
    ]);
    // A finished run's page has no live plan: the children alone make the list.
    expect(mergeJobs([], children.slice(0, 2)).map((j) => [j.key, j.status])).toEqual([
      ['mnist-ELM', 'succeeded'],
      ['mnist-KELM-seed0', 'running'],
    ]);
  });

  it('trusts the stream over a list read before a job ended', () => {
    const view = events.reduce(applyExperimentEvent, emptyView());
    const stale = childRuns('p1', ['running', 'queued', 'queued', 'queued']);
    expect(mergeJobs(view.jobs, stale).map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  });
});
