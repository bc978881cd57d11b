import { RUN_STATUSES, type ReportTable, type RunStatus } from '@aelab/core';
import type { ExperimentStreamEvent, RunSummary } from '@aelab/server';
import recorded from './experiment-events.json' with { type: 'json' };

type CoreEvent = { type: string; report?: { tables: ReportTable[] }; status?: RunStatus; job?: { key: string } } & Record<string, unknown>;

/**
 * A real DDAE run's events (the core runner on a small generated two-class set: ELM over three seeds in one job,
 * KELM, DDAE over two seeds), as the parent run's stream carries them: notes left out, each job with a child id.
 */
export function recordedExperimentEvents(parentId = 'ddae-fixture'): ExperimentStreamEvent[] {
  return (structuredClone(recorded) as CoreEvent[])
    .filter((e) => e.type !== 'note')
    .map((e) => {
      if (e.type === 'report') return { type: 'report', status: e.status!, tables: e.report!.tables };
      if (e.job) return { ...e, childId: `${parentId}-${e.job.key.toLowerCase()}` } as unknown as ExperimentStreamEvent;
      return e as unknown as ExperimentStreamEvent;
    });
}

/** The results tables of the finished recorded run. */
export function recordedTables(): ReportTable[] {
  const last = recordedExperimentEvents().findLast((e) => e.type === 'report');
  return last && last.type === 'report' ? last.tables : [];
}

const zeroCounts = (): Record<RunStatus, number> => Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;

/** Child runs of an experiment as `runs.list({ parent })` gives them: one per planned job, in the given states. */
export function childRuns(parentId: string, statuses: RunStatus[]): RunSummary[] {
  const plan = recordedExperimentEvents(parentId).find((e) => e.type === 'plan');
  const jobs = plan && plan.type === 'plan' ? plan.jobs : [];
  const t0 = Date.parse('2026-12-02T10:00:00Z');
  return jobs.map((j, i): RunSummary => {
    const status = statuses[i] ?? 'queued';
    const started = status === 'queued' ? null : new Date(t0 + i * 20_000).toISOString();
    return {
      id: `${parentId}-${j.key.toLowerCase()}`,
      key: '0123456789abcdef',
      name: j.title,
      status,
      dataset: String(j.meta.dataset),
      model: String(j.meta.model),
      seed: Number(j.meta.seed),
      createdAt: new Date(t0).toISOString(),
      startedAt: started,
      finishedAt: status === 'succeeded' || status === 'failed' ? new Date(t0 + i * 20_000 + 15_000).toISOString() : null,
      attempt: 1,
      progress: null,
      metrics: status === 'succeeded' ? { testAccuracy: 0.95 + i * 0.01 } : ({} as Record<string, number>),
      error: status === 'failed' ? { code: 'KELM_FAILED', message: 'the kernel matrix is not positive definite' } : null,
      checkpoint: null,
      kind: 'job',
      parentId,
      experiment: 'ddae',
      jobKey: j.key,
    };
  });
}

export function countsOf(statuses: RunStatus[]): Record<RunStatus, number> {
  const counts = zeroCounts();
  for (const s of statuses) counts[s]++;
  return counts;
}
