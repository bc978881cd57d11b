// The experiments part of the run service, in one place: what the Experiments page and an experiment's run page
// call and read. The rest of the app goes through these functions and types.
import type { ChildrenSummary, ExperimentInfo, ExperimentStreamEvent, JobRef, RunEvent, RunKind, RunSummary } from '@aelab/server';
import type { ApiClient, RunDetailData } from './client.js';

export type { ChildrenSummary, ExperimentInfo, ExperimentStreamEvent, JobRef, RunKind };

export function listExperiments(api: ApiClient): Promise<ExperimentInfo[]> {
  return api.experiments.list.query();
}

/** Queues an experiment run; resolves with the parent run's id. */
export async function submitExperiment(api: ApiClient, experiment: string, options: Record<string, unknown>, name?: string): Promise<string> {
  const { id } = await api.experiments.submit.mutate({ experiment, options, ...(name ? { name } : {}) });
  return id;
}

/** An experiment's child runs (its jobs), in plan order. */
export async function listChildren(api: ApiClient, parent: string, limit = 500): Promise<{ items: RunSummary[]; total: number }> {
  const list = await api.runs.list.query({ parent, limit });
  return { items: list.items, total: list.total };
}

export interface ExperimentFacts {
  kind: RunKind;
  /** A job's experiment run. */
  parentId: string | null;
  experiment: string | null;
  options: Record<string, unknown> | null;
  children: ChildrenSummary | null;
}

/** What a `runs.get` answer holds about experiments: the run's kind, parent, options and children summary. */
export function experimentFacts(detail: RunDetailData): ExperimentFacts {
  return { kind: detail.kind, parentId: detail.parentId, experiment: detail.experiment, options: detail.options, children: detail.children };
}

/** The experiment part of a `runs.events` event, if it is one. */
export function experimentEventOf(ev: RunEvent): ExperimentStreamEvent | null {
  return ev.type === 'experiment' ? ev.event : null;
}
