import type { EpochRecord, LiteOptimizerConfig, LiteTrainerOptions, LiteWeights, StopReason } from '@aelab/core';

/** Where a layer's kernel (`[inputs][units]`) and bias sit in a snapshot's `params`. */
export interface LayerLayout {
  inputs: number;
  units: number;
  activation: string;
  kernelOffset: number;
  biasOffset: number;
}

export type SessionStatus = 'idle' | 'running' | 'paused' | 'stopped';

/** Hyper-parameters a session takes on the fly, without a reset. */
export interface LiveSettings {
  learningRate?: number;
  optimizer?: LiteOptimizerConfig;
  batchSize?: number;
  maxEpochs?: number;
  convergenceEpsilon?: number;
  /** Slow training down to watch it (null: as fast as the machine goes). Not part of the config. */
  maxStepsPerSecond?: number | null;
  /** Whether the convergence epsilon stops training (off: only max epochs do). Not part of the config. */
  stopOnConvergence?: boolean;
}

/** Where an imported, already trained setup left off, so its step count and curve carry on from there. */
export interface ResumePoint {
  steps: number;
  epoch: number;
  history: EpochRecord[];
}

export interface InitMessage {
  type: 'init';
  /** Echoed in snapshots, so the page can drop ones from before a reset. */
  generation: number;
  options: LiteTrainerOptions;
  /** Every point (row-major) and which rows train and validate. */
  x: Float32Array;
  dim: number;
  train: Uint32Array;
  validation: Uint32Array;
  /** Rows whose reconstructions the snapshot carries. */
  showcase: Uint32Array;
  weights?: LiteWeights;
  resume?: ResumePoint;
}

/** Main thread to worker. */
export type ToEngine =
  | InitMessage
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'step'; count: number }
  | { type: 'update'; settings: LiveSettings }
  /** The page drew the last snapshot and can take another (at most one per animation frame). */
  | { type: 'frame' }
  | { type: 'exportWeights'; requestId: number }
  | { type: 'importWeights'; weights: LiteWeights };

export interface Snapshot {
  generation: number;
  status: SessionStatus;
  stopReason: StopReason | null;
  steps: number;
  epoch: number;
  stepsPerSecond: number;
  /** Epoch records from index `historyFrom` on (the page appends them; 0 after an init replaces the history). */
  historyFrom: number;
  history: EpochRecord[];
  /** 2-D codes of every point, row-major. */
  codes: Float32Array;
  params: Float32Array;
  layout: LayerLayout[];
  /** Reconstructions of the showcase rows, row-major. */
  reconstructions: Float32Array;
  /** RMSE of the last epoch (NaN before the first). */
  trainRmse: number;
  valRmse: number | null;
}

/** Worker to main thread. */
export type FromEngine =
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'weights'; requestId: number; weights: LiteWeights | null }
  | { type: 'error'; code: string; message: string };
