import type { ExperimentEvent, RunConfig } from '@aelab/core';
import type { TrainEvent } from '../train-event.js';

/** Why a running run is being stopped: a user's cancel, or the server shutting down (resumable later). */
export type StopReason = 'cancel' | 'shutdown';

/** What a worker runs: a training config, or an experiment (in its run directory, resuming what is there). */
export type RunTask =
  | { kind: 'training'; config: RunConfig; runDir: string; resume: boolean; dataDir?: string }
  | { kind: 'experiment'; experiment: string; options: Record<string, unknown>; runDir: string; command: string };

export type ToWorker =
  | { type: 'start'; runId: string; task: RunTask }
  | { type: 'stop'; runId: string; reason: StopReason }
  | { type: 'probe' };

export type RunOutcome =
  | { status: 'succeeded'; result: unknown }
  | { status: 'failed'; error: { code: string; message: string } }
  | { status: 'cancelled' | 'interrupted' };

export type FromWorker =
  /**
   * `json`, for events that may be big (snapshots): the full event's JSON, made in the training thread; `event` is
   * then the copy to store (without its arrays when the JSON is over the store's limit).
   */
  | { type: 'event'; runId: string; event: TrainEvent; json?: string }
  /** An experiment's event as JSON (job-progress throttled in the worker). */
  | { type: 'experiment-event'; runId: string; event: ExperimentEvent }
  | { type: 'log'; runId: string; message: string }
  | { type: 'done'; runId: string; outcome: RunOutcome }
  | { type: 'probe'; report: BackendProbe };

export interface BackendProbe {
  backends: { name: string; available: boolean; note?: string }[];
  /** What `backend: 'auto'` picks on this machine. */
  auto: string | null;
}
