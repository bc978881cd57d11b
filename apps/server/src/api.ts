// The shapes the router returns. Browser-safe on purpose: the web app typechecks this file (through
// `import type { AppRouter }`), so nothing reachable from router.ts may import Node-only modules.
import {
  FINAL_STATUSES,
  RUN_FILES,
  RUN_STATUSES,
  isFinalStatus,
  type ExperimentInfo,
  type PlannedJob,
  type ProgressSnapshot,
  type ReportTable,
  type RunConfig,
  type RunStatus,
  type SweepPoint,
  type SweepSpec,
  type SweepTable,
} from '@aelab/core';
import type { TrainEvent } from './train-event.js';

// The one run contract (and the experiments' description) lives in @aelab/core; re-exported so the web's type imports from the server keep working.
export { FINAL_STATUSES, RUN_FILES, RUN_STATUSES, isFinalStatus, type ExperimentInfo, type RunStatus };

/**
 * training: a run of one config (`runs.create`, or one point × seed of a sweep); experiment: a parent run
 * (`experiments.submit`); job: its child; sweep: a parent run (`sweeps.create`) whose children are training runs.
 */
export const RUN_KINDS = ['training', 'experiment', 'job', 'sweep'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export interface RunProgress {
  /** Completed epochs of the current stage. */
  epoch: number;
  epochs: number;
  step?: number;
  /** Greedy stacks train in stages (`level 1`, ..., `fine-tune`). */
  stage?: string;
  /** 0..1 when the run knows its length. */
  fraction?: number;
}

export interface CheckpointInfo {
  /** Completed epochs (of `stage`) the checkpoint holds; `runs.resume` continues from there. */
  epoch: number;
  step: number;
  stage?: string;
  time: string;
}

/** One row of `runs.list`. Times are ISO strings. */
export interface RunSummary {
  id: string;
  /** sha256 of the canonical parsed config (seed included), 16 hex digits: equal keys mean identical runs. */
  key: string;
  name: string | null;
  status: RunStatus;
  dataset: string;
  model: string;
  seed: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** How many times it was started (resumes count). */
  attempt: number;
  progress: RunProgress | null;
  /** The latest numbers: the last epoch's (names as in MetricPoint), then the final result's. */
  metrics: Record<string, number>;
  error: { code: string; message: string } | null;
  checkpoint: CheckpointInfo | null;
  kind: RunKind;
  /** The experiment run a job belongs to, or the sweep a training run is a point of; null for top-level runs. */
  parentId: string | null;
  /** The experiment's name, for experiment runs and their jobs. */
  experiment: string | null;
  /** A job's key in its experiment (stable across resumes, e.g. `mnist-DDAE-seed0`). */
  jobKey: string | null;
  /** The queue worker that took the run (queue mode only); absent for runs trained in the server's own pool. */
  worker?: WorkerRef | null;
}

/** A queue worker as runs name it. */
export interface WorkerRef {
  id: string;
  name: string;
  host: string;
}

/** A queue worker that has reported in recently (`workers.list`). */
export interface WorkerInfo extends WorkerRef {
  backend: string;
  concurrency: number;
  /** Runs it is training now. */
  runs: string[];
  lastSeen: string;
}

/** One point of a run's epoch-level history (what curves are drawn from). */
export interface MetricPoint {
  seq: number;
  time: string;
  epoch: number;
  step: number;
  /** Set for greedy stacks: which stage (`level 1`, `fine-tune`) the epoch belongs to. */
  stage?: string;
  /** `loss`, `valLoss`, metrics (`rmse`), `valRmse`, `terms.<name>`, `valTerms.<name>`, `samplesPerSecond`, `epochMs`. */
  metrics: Record<string, number>;
}

export interface RunDetail extends RunSummary {
  /** The training config; null for experiment and job runs (see `options`). */
  config: RunConfig | null;
  /** An experiment's options as it runs them (the server's data dir filled in); a job's facts (dataset, model, seed). */
  options: Record<string, unknown> | null;
  history: MetricPoint[];
  /** Whatever `runTraining` returned (JSON), once succeeded; an experiment's results.json; a job's result. */
  result: unknown;
  /** For an experiment run: its jobs so far; for a sweep: its runs (all created with it). */
  children: ChildrenSummary | null;
}

/** How an experiment's jobs stand, and its results tables as of the last finished job. */
export interface ChildrenSummary {
  /** Jobs in the plan (0 until the experiment has planned). */
  planned: number;
  /** Child runs by status (a job gets its child run when it first starts). */
  counts: Record<RunStatus, number>;
  tables: ReportTable[];
}

/** A sweep's child run: a training run of one point with one seed. */
export interface SweepChild {
  /** `p03-s1`: the point's key and the seed's index. */
  key: string;
  point: number;
  seed: number;
  run: RunSummary;
}

/** What `sweeps.get` returns: the parent, its definition and points, every child, and the table so far. */
export interface SweepDetail {
  run: RunSummary;
  spec: SweepSpec;
  fields: string[];
  points: SweepPoint[];
  children: SweepChild[];
  /** Varying fields × final metrics, mean ± std over each point's succeeded seeds (@aelab/core's aggregateSweep). */
  table: SweepTable;
}

/** A planned job as events carry it. */
export type JobRef = Pick<PlannedJob, 'key' | 'title' | 'meta'>;

/**
 * An experiment's progress on its parent run's stream. `childId` is the job's child run. job-progress is throttled
 * (a few per second); report carries the results tables rebuilt after each job (the reports themselves are files).
 */
export type ExperimentStreamEvent =
  | { type: 'plan'; jobs: JobRef[]; finished: string[] }
  | { type: 'job-start'; job: JobRef; childId: string; index: number; total: number; progress: ProgressSnapshot }
  | {
      type: 'job-progress';
      job: JobRef;
      childId: string;
      update: { stage?: string; epoch?: { level: number; levels: number; epoch: number; epochs: number; loss: number }; fraction?: number };
      progress: ProgressSnapshot;
    }
  | {
      type: 'job-end';
      job: JobRef;
      childId: string;
      status: RunStatus;
      /** True for a job an earlier attempt finished: nothing ran. */
      reused: boolean;
      seconds: number;
      metrics: Record<string, number>;
      result?: unknown;
      artifacts: string[];
      error?: { code: string; message: string };
      progress: ProgressSnapshot;
    }
  | { type: 'report'; status: RunStatus; tables: ReportTable[] };

export interface RunList {
  items: RunSummary[];
  total: number;
  /** Pass as `offset` for the next page; null on the last page. */
  nextOffset: number | null;
}

interface RunEventBase {
  /** Monotonic across the server: the subscription's `lastEventId`. */
  seq: number;
  runId: string;
  time: string;
}

/** What `runs.events` yields (and `runs.logs` returns). */
export type RunEvent =
  | (RunEventBase & { type: 'status'; status: RunStatus; error?: { code: string; message: string } })
  | (RunEventBase & { type: 'train'; event: TrainEvent })
  | (RunEventBase & { type: 'experiment'; event: ExperimentStreamEvent })
  | (RunEventBase & { type: 'log'; level: 'info' | 'warn' | 'error'; message: string });

/**
 * figure: PNG/SVG images; model: model/model.json + weights.bin; report: results.json, summary.json, reports;
 * metrics: metrics.jsonl/csv; snapshot: weight/code snapshots during training; checkpoint: resumable state.
 */
export type ArtifactKind = 'figure' | 'model' | 'report' | 'metrics' | 'config' | 'checkpoint' | 'snapshot' | 'log' | 'other';

export interface Artifact {
  /** Relative to the run directory, always with `/`. */
  path: string;
  kind: ArtifactKind;
  mediaType: string;
  size: number;
  /** False while the run is still writing, or for files left by a run that died (interrupted). */
  complete: boolean;
  /** Server-relative download URL (signed when the server has a token, so `<img src>` works without headers). */
  url: string;
}

export interface DatasetEntry {
  name: string;
  description: string;
  shape: number[];
  classNames: string[];
  splits: { train: number; test: number };
  /** Whether the server's data dir holds the files (generated and embedded data count as available). */
  available: boolean;
}

export interface BackendsInfo {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  /** Runs that train at the same time. */
  concurrency: number;
  /** What the training workers can use, as reported by @aelab/core's probe (run once, in a worker). */
  backends: { name: string; available: boolean; note?: string }[];
  /** What a config's `backend: 'auto'` gets here. */
  auto: string | null;
  limits: ServerLimits;
  version: string;
}

export interface ServerLimits {
  maxConfigBytes: number;
  maxBodyBytes: number;
  maxEpochs: number;
  maxQueuedRuns: number;
  maxConcurrency: number;
  maxSubscriptions: number;
}
