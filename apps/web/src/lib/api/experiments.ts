// The experiments part of the run service, in one place: what the Experiments page and an experiment's run page
// call. Everything else in the app goes through these functions, so the server's shapes meet the app only here.
import type { OptionField, ProgressSnapshot, ReportTable, RunStatus } from '@aelab/core';
import type { RunSummary } from '@aelab/server';
import type { ApiClient } from './client.js';

/** What `experiments.list` describes: enough to draw a form and decide whether to run it. */
export interface ExperimentInfo {
  name: string;
  title: string;
  description: string;
  source: { document: string; title: string };
  fields: OptionField[];
  quickOptions: Record<string, unknown>;
  tables: readonly { id: string; title: string }[];
  figures: readonly { id: string; title: string }[];
  sections?: readonly string[];
}

/** How an experiment's jobs stand (`runs.get` of a parent), and its results tables as of the last finished job. */
export interface ChildrenSummary {
  planned: number;
  counts: Record<RunStatus, number>;
  tables: ReportTable[];
}

export interface JobRef {
  key: string;
  title: string;
  meta: Record<string, string | number | boolean>;
}

/** An experiment's progress on its parent run's `runs.events` stream (`{ type: 'experiment', event }`). */
export type ExperimentStreamEvent =
  | { type: 'plan'; jobs: JobRef[]; finished: string[] }
  | { type: 'job-start'; job: JobRef; childId?: string; index: number; total: number; progress: ProgressSnapshot }
  | {
      type: 'job-progress';
      job: JobRef;
      childId?: string;
      update: { stage?: string; epoch?: { level: number; levels: number; epoch: number; epochs: number; loss: number }; fraction?: number };
      progress: ProgressSnapshot;
    }
  | {
      type: 'job-end';
      job: JobRef;
      childId?: string;
      status: RunStatus;
      reused: boolean;
      seconds: number;
      error?: { code: string; message: string };
      progress: ProgressSnapshot;
    }
  | { type: 'report'; status: RunStatus; tables: ReportTable[] };

/** The run-list row of an experiment or one of its jobs (RunSummary with the fields nested runs add). */
export type NestedRunSummary = RunSummary & {
  kind?: 'training' | 'experiment' | 'job';
  parentId?: string | null;
  experiment?: string | null;
  jobKey?: string | null;
};

/**
 * The procedures of the server's experiments work (branch `server`), typed here until the app's `AppRouter` has
 * them; then this cast goes and the client's own types take over.
 */
interface ExperimentProcedures {
  experiments: {
    list: { query(): Promise<ExperimentInfo[]> };
    submit: { mutate(input: { experiment: string; options: Record<string, unknown>; name?: string }): Promise<{ id: string }> };
  };
  runs: {
    list: { query(input: { parent: string; limit?: number; offset?: number }): Promise<{ items: NestedRunSummary[]; total: number; nextOffset: number | null }> };
  };
}

function procedures(api: ApiClient): ExperimentProcedures {
  return api as unknown as ExperimentProcedures;
}

export function listExperiments(api: ApiClient): Promise<ExperimentInfo[]> {
  return procedures(api).experiments.list.query();
}

/** Queues an experiment run; resolves with the parent run's id. */
export async function submitExperiment(api: ApiClient, experiment: string, options: Record<string, unknown>, name?: string): Promise<string> {
  const { id } = await procedures(api).experiments.submit.mutate({ experiment, options, ...(name ? { name } : {}) });
  return id;
}

/** An experiment's child runs (its jobs), in plan order as the server lists them. */
export async function listChildren(api: ApiClient, parent: string, limit = 500): Promise<{ items: NestedRunSummary[]; total: number }> {
  const list = await procedures(api).runs.list.query({ parent, limit });
  return { items: list.items, total: list.total };
}

export interface ExperimentFacts {
  kind: 'training' | 'experiment' | 'job';
  /** A job's experiment run. */
  parentId: string | null;
  experiment: string | null;
  options: Record<string, unknown> | null;
  children: ChildrenSummary | null;
}

/** What a `runs.get` answer holds about experiments: the run's kind, parent, options and children summary. */
export function experimentFacts(detail: object): ExperimentFacts {
  const d = detail as Partial<ExperimentFacts>;
  return { kind: d.kind ?? 'training', parentId: d.parentId ?? null, experiment: d.experiment ?? null, options: d.options ?? null, children: d.children ?? null };
}

/** The experiment part of a `runs.events` event, if it is one. */
export function experimentEventOf(ev: { type: string }): ExperimentStreamEvent | null {
  return ev.type === 'experiment' ? (ev as unknown as { event: ExperimentStreamEvent }).event : null;
}
