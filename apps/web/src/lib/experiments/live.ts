import type { ProgressSnapshot, ReportTable, RunStatus } from '@aelab/core';
import type { ChildrenSummary, ExperimentStreamEvent, JobRef } from '../api/experiments.js';

/** One planned job as the page lists it: its status so far and, once started, its child run. */
export interface JobState {
  key: string;
  title: string;
  status: RunStatus;
  childId: string | null;
  /** True for a job an earlier attempt finished (resume): its result was kept. */
  reused: boolean;
  seconds: number | null;
  error: { code: string; message: string } | null;
}

/** An experiment run as its page shows it while it fills in. */
export interface ExperimentView {
  jobs: JobState[];
  /** The job running now and where it is (a stage, an epoch). */
  current: { key: string; title: string; stage: string | null } | null;
  progress: ProgressSnapshot | null;
  tables: ReportTable[];
}

export function emptyView(): ExperimentView {
  return { jobs: [], current: null, progress: null, tables: [] };
}

/** The view from `runs.get`'s children summary: the tables so far (the job list comes with the events or the children). */
export function viewFromSummary(view: ExperimentView, summary: ChildrenSummary | null): ExperimentView {
  if (!summary || (summary.tables.length === 0 && view.tables.length > 0)) return view;
  return { ...view, tables: summary.tables };
}

function job(ref: JobRef, status: RunStatus): JobState {
  return { key: ref.key, title: ref.title, status, childId: null, reused: false, seconds: null, error: null };
}

function updateJob(jobs: JobState[], ref: JobRef, change: Partial<JobState>): JobState[] {
  const i = jobs.findIndex((j) => j.key === ref.key);
  if (i === -1) return [...jobs, { ...job(ref, 'queued'), ...change }];
  return jobs.map((j, k) => (k === i ? { ...j, ...change } : j));
}

/**
 * One experiment event applied to the view. Events replay from the start of the stream on a reconnect, so applying
 * one twice leaves the same view.
 */
export function applyExperimentEvent(view: ExperimentView, ev: ExperimentStreamEvent): ExperimentView {
  switch (ev.type) {
    case 'plan': {
      const finished = new Set(ev.finished);
      const known = new Map(view.jobs.map((j) => [j.key, j]));
      const jobs = ev.jobs.map((ref) => known.get(ref.key) ?? { ...job(ref, finished.has(ref.key) ? 'succeeded' : 'queued'), reused: finished.has(ref.key) });
      return { ...view, jobs };
    }
    case 'job-start':
      return {
        ...view,
        jobs: updateJob(view.jobs, ev.job, { status: 'running', ...(ev.childId ? { childId: ev.childId } : {}) }),
        current: { key: ev.job.key, title: ev.job.title, stage: null },
        progress: ev.progress,
      };
    case 'job-progress': {
      const u = ev.update;
      const stage = u.epoch ? `${u.stage ? `${u.stage}, ` : ''}level ${u.epoch.level} / ${u.epoch.levels}, epoch ${u.epoch.epoch} / ${u.epoch.epochs}` : (u.stage ?? null);
      return { ...view, current: { key: ev.job.key, title: ev.job.title, stage }, progress: ev.progress };
    }
    case 'job-end':
      return {
        ...view,
        jobs: updateJob(view.jobs, ev.job, {
          status: ev.status,
          reused: ev.reused,
          seconds: ev.seconds,
          error: ev.error ?? null,
          ...(ev.childId ? { childId: ev.childId } : {}),
        }),
        current: view.current?.key === ev.job.key ? null : view.current,
        progress: ev.progress,
      };
    case 'report':
      return { ...view, tables: ev.tables };
  }
}

/** Jobs by status, for the "3 of 8 jobs done" line. */
export function jobCounts(jobs: readonly JobState[]): { done: number; failed: number; total: number } {
  return {
    done: jobs.filter((j) => j.status === 'succeeded').length,
    failed: jobs.filter((j) => j.status === 'failed').length,
    total: jobs.length,
  };
}

/**
 * Which columns are the paper's (and the reference's): the page sets them apart, so a row's own result and the
 * paper's number read side by side.
 */
export function isPaperColumn(column: string): boolean {
  return /\b(paper|reference)\b/i.test(column);
}

/** Cells that carry a spread over seeds ("97.64 ± 0.21"), split so the spread can be drawn smaller. */
export function splitSpread(cell: string): { mean: string; spread: string | null; rest: string } {
  const m = /^(\S+) ± (\S+)(.*)$/.exec(cell);
  return m ? { mean: m[1]!, spread: m[2]!, rest: m[3]! } : { mean: cell, spread: null, rest: '' };
}

/** A child run as `runs.list({ parent })` lists it: the parts the job list needs. */
export interface ChildRun {
  id: string;
  status: RunStatus;
  jobKey?: string | null;
  name: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: { code: string; message: string } | null;
}

/**
 * The job list: the plan's order and its jobs not started yet (they have no child run), with what the server's
 * child runs know (their ids and, being re-read after each job, their latest status). Children the plan does not
 * hold (a finished run has no live plan) follow in the server's order.
 */
export function mergeJobs(planned: readonly JobState[], children: readonly ChildRun[]): JobState[] {
  const byKey = new Map(children.filter((c) => c.jobKey).map((c) => [c.jobKey!, c]));
  const used = new Set<string>();
  const jobs = planned.map((j) => {
    const c = byKey.get(j.key);
    if (!c) return j;
    used.add(c.id);
    // The stream is newer than a list read before the job started; the list is newer than a plan that says queued.
    const status = j.status === 'queued' || (j.status === 'running' && c.status !== 'queued') ? c.status : j.status;
    return { ...j, childId: c.id, status, error: j.error ?? c.error };
  });
  for (const c of children) {
    if (used.has(c.id)) continue;
    const seconds = c.startedAt && c.finishedAt ? (Date.parse(c.finishedAt) - Date.parse(c.startedAt)) / 1000 : null;
    jobs.push({ key: c.jobKey ?? c.id, title: c.name ?? c.jobKey ?? c.id, status: c.status, childId: c.id, reused: false, seconds, error: c.error });
  }
  return jobs;
}
