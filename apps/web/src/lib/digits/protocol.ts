import type { lab } from '@aelab/core';
import type { Commands, EngineInit, Progress, Replies } from '../engine/protocol.js';

/** `x` holds every digit, 784 wide. */
export interface DigitsInitMessage extends EngineInit {
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

/** Switches the tiles between output and input weights, without a reset. */
export interface TilesCommand {
  type: 'tiles';
  source: TileSource;
}

/** Main thread to worker. */
export type ToDigits = Commands<DigitsInitMessage, TilesCommand>;

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

export interface DigitsSnapshot extends Progress {
  /** The first `tileCount` hidden units' weights (`tileSource`), one 28x28 image (784 values) after another. */
  tiles: Float32Array;
  tileSource: TileSource;
  tileCount: number;
  units: number;
  /** A fresh probe, or null when the last one still stands. */
  probe: DigitsProbe | null;
}

/** Worker to main thread. */
export type FromDigits = Replies<DigitsSnapshot>;
