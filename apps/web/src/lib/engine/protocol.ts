import type { EpochRecord, LiteTrainerOptions, StopReason } from '@aelab/core';

/**
 * The messages every in-browser training engine shares (the playground's and the digits lab's): each engine's own
 * protocol adds its init fields, its extra commands and its snapshot's payload to these.
 */

export type SessionStatus = 'idle' | 'running' | 'paused' | 'stopped';

/** What every init carries: the data once, which rows train, validate and are shown, and the trainer's options. */
export interface EngineInit {
  type: 'init';
  /** Echoed in snapshots, so the page can drop ones from before a reset. */
  generation: number;
  options: LiteTrainerOptions;
  /** Every row, row-major. */
  x: Float32Array;
  train: Uint32Array;
  validation: Uint32Array;
  /** Rows whose reconstructions the page shows. */
  showcase: Uint32Array;
}

/** Main thread to worker: the commands every engine takes. */
export type Control =
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'step'; count: number }
  /** The page drew the last snapshot and can take another (at most one per animation frame). */
  | { type: 'frame' };

/** An engine's commands: its init, the shared controls, and its own extras. */
export type Commands<Init extends EngineInit, Extra = never> = Init | Control | Extra;

/** The part of a snapshot every engine sends: where training stands and the epochs since the last one. */
export interface Progress {
  generation: number;
  status: SessionStatus;
  stopReason: StopReason | null;
  steps: number;
  epoch: number;
  stepsPerSecond: number;
  /** Epoch records from index `historyFrom` on (the page appends them; 0 after an init replaces the history). */
  historyFrom: number;
  history: EpochRecord[];
}

export interface Failure {
  type: 'error';
  code: string;
  message: string;
}

/** Worker to main thread: snapshots, problems, and an engine's own extras. */
export type Replies<S extends Progress, Extra = never> = { type: 'snapshot'; snapshot: S } | Failure | Extra;
