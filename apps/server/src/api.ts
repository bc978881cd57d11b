// The shapes the router returns. Browser-safe on purpose: the web app typechecks this file (through
// `import type { AppRouter }`), so nothing reachable from router.ts may import Node-only modules.
import type { RunConfig } from '@aelab/core';
import type { TrainEvent } from './train-event.js';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** States a run leaves only through an explicit `runs.resume` (interrupted) or never. */
export const FINAL_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export function isFinalStatus(status: RunStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

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
  config: RunConfig;
  history: MetricPoint[];
  /** Whatever `runTraining` returned (JSON), once succeeded. */
  result: unknown;
}

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
