import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Experiment, PlannedJob } from './experiment.js';
import { MemoryJobStore } from './job-store.js';
import { MemoryArtifactSink } from './memory-sink.js';
import { runExperiment, type ExperimentEvent } from './runner.js';

const schema = z.strictObject({ jobs: z.number().int().positive().default(3), failAt: z.number().int().optional() });

/** A toy experiment: job i returns i squared; it can fail at one job and reports how often each job ran. */
function toy(runs: Map<string, number>, onJob?: (key: string) => void): Experiment<typeof schema, { n: number }, { square: number }> {
  return {
    definition: {
      name: 'toy',
      title: 'Toy',
      description: 'squares',
      source: { document: 'none', title: 'none' },
      options: schema,
      quickOptions: {},
      tables: [{ id: 'squares', title: 'Squares' }],
      figures: [],
      sections: [],
    },
    prepare(options) {
      const jobs: PlannedJob[] = Array.from({ length: options.jobs }, (_, i) => ({ key: `job-${i}`, title: `job ${i}`, cost: 1, meta: { i } }));
      return Promise.resolve({
        jobs,
        info: { n: options.jobs },
        async runJob(job, ctx) {
          runs.set(job.key, (runs.get(job.key) ?? 0) + 1);
          ctx.progress({ stage: 'squaring', fraction: 0.5 });
          onJob?.(job.key);
          await new Promise((r) => setTimeout(r, 1));
          if (ctx.signal?.aborted) throw Object.assign(new Error('stopped'), { name: 'AbortError' });
          const i = Number(job.meta.i);
          if (i === options.failAt) throw Object.assign(new Error('boom'), { code: 'BOOM' });
          return { square: i * i };
        },
      });
    },
    report(input) {
      const rows = input.finished.map((f) => [f.job.key, String(f.result.square)]);
      return {
        results: { squares: input.finished.map((f) => f.result.square) },
        runInfo: { ...input.run },
        markdown: `${input.run.status}: ${rows.length}/${input.planned.length}`,
        html: '',
        tables: [{ id: 'squares', title: 'Squares', columns: ['job', 'square'], rows }],
      };
    },
  };
}

const environment = { command: 'test', backend: { name: 'cpu', note: '' }, versions: {}, host: { platform: 'test', cpus: 1, cpuModel: 'test' } };

describe('runExperiment', () => {
  it('runs every job as a child run and rebuilds the report after each', async () => {
    const runs = new Map<string, number>();
    const store = new MemoryJobStore<{ square: number }>();
    const events: ExperimentEvent[] = [];
    const reports: string[] = [];
    const outcome = await runExperiment({
      experiment: toy(runs),
      options: { jobs: 3 },
      store,
      artifacts: new MemoryArtifactSink(),
      environment,
      onEvent: (e) => void events.push(e),
      onReport: (r) => {
        reports.push(r.markdown);
        return Promise.resolve();
      },
    });
    expect(outcome.status).toBe('succeeded');
    expect(outcome.finished.map((f) => f.result.square)).toEqual([0, 1, 4]);
    expect(reports).toEqual(['running: 0/3', 'running: 1/3', 'running: 2/3', 'running: 3/3', 'succeeded: 3/3']);
    expect([...store.records.values()].map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(events.filter((e) => e.type === 'job-progress')).toHaveLength(3);
    const last = events.filter((e) => e.type === 'job-end').at(-1);
    expect(last).toMatchObject({ status: 'succeeded', reused: false, progress: { fraction: 1 } });
  });

  it('rejects unknown options with their path, before anything runs', async () => {
    const runs = new Map<string, number>();
    await expect(
      runExperiment({ experiment: toy(runs), options: { jobs: 2, job: 3 }, store: new MemoryJobStore(), artifacts: new MemoryArtifactSink(), environment }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS', message: expect.stringMatching(/"job"/) });
    expect(runs.size).toBe(0);
  });

  it('stops as interrupted, then a second run skips the finished jobs', async () => {
    const runs = new Map<string, number>();
    const store = new MemoryJobStore<{ square: number }>();
    const controller = new AbortController();
    const first = await runExperiment({
      experiment: toy(runs, (key) => key === 'job-1' && controller.abort('shutdown')),
      options: {},
      store,
      artifacts: new MemoryArtifactSink(),
      environment,
      signal: controller.signal,
    });
    expect(first.status).toBe('interrupted');
    expect(first.finished.map((f) => f.job.key)).toEqual(['job-0']);
    expect(store.records.get('job-1')?.status).toBe('interrupted');
    expect(store.records.has('job-2')).toBe(false);

    const events: ExperimentEvent[] = [];
    const second = await runExperiment({ experiment: toy(runs), options: {}, store, artifacts: new MemoryArtifactSink(), environment, onEvent: (e) => void events.push(e) });
    expect(second.status).toBe('succeeded');
    expect(second.finished.map((f) => f.result.square)).toEqual([0, 1, 4]);
    expect(Object.fromEntries(runs)).toEqual({ 'job-0': 1, 'job-1': 2, 'job-2': 1 });
    expect(events.find((e) => e.type === 'plan')).toMatchObject({ finished: ['job-0'] });
    expect(events.filter((e) => e.type === 'job-end').map((e) => e.type === 'job-end' && e.reused)).toEqual([true, false, false]);
  });

  it('ends as cancelled when the abort reason is a cancel', async () => {
    const controller = new AbortController();
    const outcome = await runExperiment({
      experiment: toy(new Map(), () => controller.abort('cancel')),
      options: {},
      store: new MemoryJobStore(),
      artifacts: new MemoryArtifactSink(),
      environment,
      signal: controller.signal,
    });
    expect(outcome.status).toBe('cancelled');
    expect(outcome.report?.runInfo.status).toBe('cancelled');
  });

  it('a failing job fails the run with its code and keeps what finished', async () => {
    const store = new MemoryJobStore<{ square: number }>();
    const outcome = await runExperiment({ experiment: toy(new Map()), options: { failAt: 1 }, store, artifacts: new MemoryArtifactSink(), environment });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'BOOM', message: 'job 1: boom' });
    expect(store.records.get('job-1')).toMatchObject({ status: 'failed', error: { code: 'BOOM' } });
    expect(outcome.finished).toHaveLength(1);
    expect(outcome.report?.markdown).toBe('failed: 1/3');
  });
});
