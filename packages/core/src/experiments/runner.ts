import type { z } from 'zod';
import type { RunStatus } from '../runs/status.js';
import { errorInfo, isAbortError, parseOptions } from './errors.js';
import type { ArtifactSink, Experiment, ExperimentReport, FinishedJob, JobProgress, PlannedJob, RunFacts } from './experiment.js';
import type { JobStore } from './job-store.js';
import { ProgressTracker, type ProgressSnapshot } from './progress.js';

/** What the runner reports while an experiment runs; the CLI prints these, the server streams them. */
export type ExperimentEvent =
  | { type: 'note'; message: string }
  | { type: 'plan'; jobs: PlannedJob[]; finished: string[] }
  | { type: 'job-start'; job: PlannedJob; index: number; total: number; progress: ProgressSnapshot }
  | { type: 'job-progress'; job: PlannedJob; update: JobProgress; progress: ProgressSnapshot }
  | {
      type: 'job-end';
      job: PlannedJob;
      status: RunStatus;
      /** True for a job finished by an earlier attempt: its stored result was used, nothing ran. */
      reused: boolean;
      result?: unknown;
      seconds: number;
      /** Files the job wrote (relative to the run directory): its own artifacts as a child run. */
      artifacts: string[];
      error?: { code: string; message: string };
      progress: ProgressSnapshot;
    }
  | { type: 'report'; report: ExperimentReport; status: RunStatus };

/** Where the run happens, for the report: collected by the host (Node captures versions and the machine). */
export type RunEnvironment = Pick<RunFacts, 'command' | 'backend' | 'versions' | 'host'>;

export interface RunExperimentOptions<Schema extends z.ZodType, Info, Result> {
  experiment: Experiment<Schema, Info, Result>;
  /** Raw options (JSON); validated with the experiment's schema. */
  options: unknown;
  store: JobStore<Result>;
  artifacts: ArtifactSink;
  environment: RunEnvironment;
  /** `abort('cancel')` ends as `cancelled`; any other reason (shutdown, Ctrl-C) as `interrupted`, resumable. */
  signal?: AbortSignal;
  onEvent?: (event: ExperimentEvent) => void | Promise<void>;
  /** Called with the rebuilt report after the plan and after every job; hosts write it out. */
  onReport?: (report: ExperimentReport, facts: RunFacts) => Promise<void>;
}

export interface ExperimentOutcome<Result> {
  status: RunStatus;
  finished: FinishedJob<Result>[];
  report: ExperimentReport | null;
  error: { code: string; message: string } | null;
}

function stopStatus(signal: AbortSignal | undefined): 'cancelled' | 'interrupted' {
  return signal?.reason === 'cancel' ? 'cancelled' : 'interrupted';
}

/**
 * Runs an experiment's jobs in order, each as a child run in `store`. Jobs the store already holds as succeeded are
 * not run again (that is resume). A stop through `signal` or a failing job ends the run; what finished stays.
 * Errors before the plan (bad options, missing data) are thrown: nothing has been recorded then.
 */
export async function runExperiment<Schema extends z.ZodType, Info, Result>(
  opts: RunExperimentOptions<Schema, Info, Result>,
): Promise<ExperimentOutcome<Result>> {
  const { experiment, store, signal } = opts;
  const emit = async (e: ExperimentEvent) => {
    await opts.onEvent?.(e);
  };
  const startedMs = performance.now();
  const facts: RunFacts = { ...opts.environment, status: 'running', startedAt: new Date().toISOString(), finishedAt: null, totalSeconds: 0, notes: [] };
  const note = (message: string) => {
    if (!facts.notes.includes(message)) facts.notes.push(message);
    void emit({ type: 'note', message });
  };
  const options = parseOptions(experiment.definition.name, experiment.definition.options, opts.options);
  const prepared = await experiment.prepare(options, { signal, note });
  const finished: FinishedJob<Result>[] = [];
  const images = new Map<string, Uint8Array>();
  let report: ExperimentReport | null = null;

  const publish = async (status: RunStatus) => {
    facts.status = status;
    facts.totalSeconds = (performance.now() - startedMs) / 1000;
    if (status !== 'running') facts.finishedAt = new Date().toISOString();
    report = experiment.report({ options, info: prepared.info, finished, planned: prepared.jobs, run: { ...facts, notes: [...facts.notes] }, images });
    await opts.onReport?.(report, facts);
    await emit({ type: 'report', report, status });
  };
  const collectImages = async (result: Result) => {
    for (const path of experiment.imagesOf?.(result) ?? []) {
      const bytes = await opts.artifacts.readBytes(path);
      if (bytes) images.set(path, bytes);
    }
  };

  try {
    const done = new Map<string, { result: Result; seconds: number; artifacts: string[] }>();
    for (const job of prepared.jobs) {
      const record = await store.load(job.key);
      if (record?.status === 'succeeded' && record.result !== null) done.set(job.key, { result: record.result, seconds: record.seconds ?? 0, artifacts: record.artifacts ?? [] });
    }
    await emit({ type: 'plan', jobs: prepared.jobs, finished: [...done.keys()] });
    const tracker = new ProgressTracker(prepared.jobs.map((j) => j.cost));
    await publish('running');

    for (const [index, job] of prepared.jobs.entries()) {
      const previous = done.get(job.key);
      if (previous) {
        finished.push({ job, result: previous.result, seconds: previous.seconds });
        await collectImages(previous.result);
        tracker.finishJob(index);
        await emit({ type: 'job-end', job, status: 'succeeded', reused: true, result: previous.result, seconds: previous.seconds, artifacts: previous.artifacts, progress: tracker.snapshot() });
        continue;
      }
      if (signal?.aborted) return await stopped(stopStatus(signal));
      tracker.startJob(index);
      await store.start(job);
      await emit({ type: 'job-start', job, index, total: prepared.jobs.length, progress: tracker.snapshot() });
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      const written: string[] = [];
      const jobArtifacts: ArtifactSink = {
        writeImage: (path, image) => (written.push(path), opts.artifacts.writeImage(path, image)),
        writeBytes: (path, data) => (written.push(path), opts.artifacts.writeBytes(path, data)),
        readBytes: (path) => opts.artifacts.readBytes(path),
      };
      let result: Result;
      try {
        result = await prepared.runJob(job, {
          signal,
          note,
          artifacts: jobArtifacts,
          progress: (update) => {
            if (update.fraction !== undefined) tracker.setJobFraction(update.fraction);
            void emit({ type: 'job-progress', job, update, progress: tracker.snapshot() });
          },
        });
      } catch (err) {
        if (isAbortError(err) || signal?.aborted) {
          const status = stopStatus(signal);
          await store.finish(job, { status, seconds: seconds(), artifacts: written });
          await emit({ type: 'job-end', job, status, reused: false, seconds: seconds(), artifacts: written, progress: tracker.snapshot() });
          return await stopped(status);
        }
        const error = errorInfo(err);
        await store.finish(job, { status: 'failed', error, seconds: seconds(), artifacts: written });
        await emit({ type: 'job-end', job, status: 'failed', reused: false, seconds: seconds(), error, artifacts: written, progress: tracker.snapshot() });
        await publish('failed');
        return { status: 'failed', finished, report, error: { code: error.code, message: `${job.title}: ${error.message}` } };
      }
      await store.finish(job, { status: 'succeeded', result, seconds: seconds(), artifacts: written });
      finished.push({ job, result, seconds: seconds() });
      await collectImages(result);
      tracker.finishJob(index);
      await emit({ type: 'job-end', job, status: 'succeeded', reused: false, result, seconds: seconds(), artifacts: written, progress: tracker.snapshot() });
      await publish('running');
    }
    await publish('succeeded');
    return { status: 'succeeded', finished, report, error: null };
  } finally {
    prepared.dispose?.();
  }

  async function stopped(status: 'cancelled' | 'interrupted'): Promise<ExperimentOutcome<Result>> {
    await publish(status);
    return { status, finished, report, error: null };
  }
}
