import type { RunConfig } from '@aelab/core';
import type { TrainEvent } from '../train-event.js';

/** Why a running run is being stopped: a user's cancel, or the server shutting down (resumable later). */
export type StopReason = 'cancel' | 'shutdown';

export type ToWorker =
  | { type: 'start'; runId: string; config: RunConfig; runDir: string; resume: boolean; dataDir?: string }
  | { type: 'stop'; runId: string; reason: StopReason }
  | { type: 'probe' };

export type RunOutcome =
  | { status: 'succeeded'; result: unknown }
  | { status: 'failed'; error: { code: string; message: string } }
  | { status: 'cancelled' | 'interrupted' };

export type FromWorker =
  | { type: 'event'; runId: string; event: TrainEvent }
  | { type: 'log'; runId: string; message: string }
  | { type: 'done'; runId: string; outcome: RunOutcome }
  | { type: 'probe'; report: BackendProbe };

export interface BackendProbe {
  backends: { name: string; available: boolean; note?: string }[];
  /** What `backend: 'auto'` picks on this machine. */
  auto: string | null;
}
