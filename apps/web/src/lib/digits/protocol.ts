import type { EpochRecord, LiteTrainerOptions, StopReason, lab } from '@aelab/core';
import type { SessionStatus } from '../worker/protocol.js';

export interface DigitsInitMessage {
  type: 'init';
  /** Echoed in snapshots, so the page can drop ones from before a reset. */
  generation: number;
  options: LiteTrainerOptions;
  /** Every digit, row-major, 784 wide. */
  x: Float32Array;
  train: Uint32Array;
  validation: Uint32Array;
  /** Digits whose reconstructions the page shows. */
  showcase: Uint32Array;
  /** Digits whose codes give the sparseness and the histogram. */
  probe: Uint32Array;
  /** How many hidden units' weights to send as tiles (the first ones). */
  tiles: number;
}

/**
 * Which weights the tiles show: a unit's input weights (what it looks for: the report's "bottom-up" Figures 6-8) or
 * its output weights (what it draws into the reconstruction).
 */
export type TileSource = 'encoder' | 'decoder';

/** Main thread to worker. */
export type ToDigits =
  | DigitsInitMessage
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'step'; count: number }
  | { type: 'frame' }
  | { type: 'tiles'; source: TileSource };

/** Histogram of code values over the probe digits: `counts[i]` values in [lo + i·width, lo + (i+1)·width). */
export interface CodeHistogramData {
  lo: number;
  hi: number;
  counts: number[];
  total: number;
}

/** What the codes and outputs look like now: costlier than the tiles, so measured a few times a second. */
export interface DigitsProbe {
  steps: number;
  /** Reconstructions of the showcase digits, row-major. */
  reconstructions: Float32Array;
  sparseness: lab.CodeSparseness;
  histogram: CodeHistogramData;
}

export interface DigitsSnapshot {
  generation: number;
  status: SessionStatus;
  stopReason: StopReason | null;
  steps: number;
  epoch: number;
  stepsPerSecond: number;
  /** Epoch records from index `historyFrom` on (the page appends them). */
  historyFrom: number;
  history: EpochRecord[];
  /** The first `tileCount` hidden units' weights (`tileSource`), one 28x28 image (784 values) after another. */
  tiles: Float32Array;
  tileSource: TileSource;
  tileCount: number;
  units: number;
  /** A fresh probe, or null when the last one still stands. */
  probe: DigitsProbe | null;
}

/** Worker to main thread. */
export type FromDigits = { type: 'snapshot'; snapshot: DigitsSnapshot } | { type: 'error'; code: string; message: string };
