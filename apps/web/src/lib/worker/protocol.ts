import type { EpochRecord, LiteOptimizerConfig, LiteWeights } from '@aelab/core';
import type { Commands, EngineInit, Progress, Replies } from '../engine/protocol.js';

/** Where a layer's kernel (`[inputs][units]`) and bias sit in a snapshot's `params`. */
export interface LayerLayout {
  inputs: number;
  units: number;
  activation: string;
  kernelOffset: number;
  biasOffset: number;
}

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

export interface InitMessage extends EngineInit {
  /** Columns of `x`. */
  dim: number;
  weights?: LiteWeights;
  resume?: ResumePoint;
}

/** The playground's own commands, beside the shared init and controls. */
export type PlaygroundCommand =
  | { type: 'update'; settings: LiveSettings }
  | { type: 'exportWeights'; requestId: number }
  | { type: 'importWeights'; weights: LiteWeights };

/** Main thread to worker. */
export type ToEngine = Commands<InitMessage, PlaygroundCommand>;

export interface Snapshot extends Progress {
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

export interface WeightsReply {
  type: 'weights';
  requestId: number;
  weights: LiteWeights | null;
}

/** Worker to main thread. */
export type FromEngine = Replies<Snapshot, WeightsReply>;
