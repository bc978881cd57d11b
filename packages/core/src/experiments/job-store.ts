import type { RunStatus } from '../runs/status.js';
import type { PlannedJob } from './experiment.js';

/** A job's child run as stored: its state and, once it succeeded, its result (JSON). */
export interface JobRecord<Result = unknown> {
  key: string;
  title: string;
  status: RunStatus;
  startedAt: string | null;
  finishedAt: string | null;
  seconds: number | null;
  result: Result | null;
  error: { code: string; message: string } | null;
  /** Files the job wrote, relative to the experiment's run directory. */
  artifacts: string[];
}

export type JobOutcome<Result> =
  | { status: 'succeeded'; result: Result; seconds: number; artifacts: string[] }
  | { status: 'failed'; error: { code: string; message: string }; seconds: number; artifacts: string[] }
  | { status: 'cancelled' | 'interrupted'; seconds: number; artifacts: string[] };

/**
 * Where an experiment's child runs live: a run directory's `children/` (core/node), the server's registry, memory.
 * A job whose record says `succeeded` is never run again: that is how a resumed experiment skips finished work.
 */
export interface JobStore<Result = unknown> {
  load(key: string): Promise<JobRecord<Result> | null>;
  start(job: PlannedJob): Promise<void>;
  finish(job: PlannedJob, outcome: JobOutcome<Result>): Promise<void>;
}

/** A JobStore in memory: for tests, and for hosts that persist elsewhere. */
export class MemoryJobStore<Result = unknown> implements JobStore<Result> {
  readonly records = new Map<string, JobRecord<Result>>();

  load(key: string): Promise<JobRecord<Result> | null> {
    return Promise.resolve(this.records.get(key) ?? null);
  }

  start(job: PlannedJob): Promise<void> {
    this.records.set(job.key, startedRecord(job));
    return Promise.resolve();
  }

  finish(job: PlannedJob, outcome: JobOutcome<Result>): Promise<void> {
    this.records.set(job.key, finishedRecord(this.records.get(job.key) ?? startedRecord(job), outcome));
    return Promise.resolve();
  }
}

export function startedRecord<Result>(job: PlannedJob): JobRecord<Result> {
  return { key: job.key, title: job.title, status: 'running', startedAt: new Date().toISOString(), finishedAt: null, seconds: null, result: null, error: null, artifacts: [] };
}

export function finishedRecord<Result>(record: JobRecord<Result>, outcome: JobOutcome<Result>): JobRecord<Result> {
  return {
    ...record,
    status: outcome.status,
    finishedAt: new Date().toISOString(),
    seconds: outcome.seconds,
    result: outcome.status === 'succeeded' ? outcome.result : null,
    error: outcome.status === 'failed' ? outcome.error : null,
    artifacts: outcome.artifacts,
  };
}
