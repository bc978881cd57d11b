/**
 * Model selection: a grid over (C, kernel parameter) scored on a validation split or by k-fold, reporting every
 * cell. The default Gaussian grid is centred on the median pairwise distance of the training rows.
 */
import * as tf from '@tensorflow/tfjs';
import { accuracy, checkC, checkFeatures, checkLabels, encodeLabels, takeLabels, takeRows, type FeatureMatrix } from './data.js';
import { KelmError } from './errors.js';
import { kernelSource } from './gram.js';
import { parseKernel, type Kernel, type KernelType } from './kernels.js';
import { solveInfo, solveSpd, type SymmetricSource } from './linalg/spd.js';
import type { KernelModel } from './model.js';
import { parseWith, solverSchema, type SolverOptions } from './options.js';
import { kernelPredict } from './predict.js';
import { createRng, permutation, sampleIndices } from './random.js';
import { withReadableBackend, withReadableBackendSync } from './backend.js';

/** Median Euclidean distance between pairs of up to `sample` rows picked with `seed`. */
export function medianPairwiseDistance(x: FeatureMatrix, options: { sample?: number; seed?: number } = {}): number {
  return withReadableBackendSync(() => medianPairwiseDistanceHere(x, options));
}

function medianPairwiseDistanceHere(x: FeatureMatrix, options: { sample?: number; seed?: number } = {}): number {
  checkFeatures(x);
  const picks = sampleIndices(x.rows, options.sample ?? 1000, createRng(options.seed ?? 0));
  const s = takeRows(x, picks);
  const d2 = tf.tidy(() => {
    const a = tf.tensor2d(s.data, [s.rows, s.cols]);
    const sq = tf.sum(tf.square(a), 1, true);
    return tf.relu(tf.sub(tf.add(sq, tf.transpose(sq)), tf.mul(tf.matMul<tf.Tensor2D>(a, tf.transpose(a)), 2)));
  });
  const all = d2.dataSync();
  d2.dispose();
  const upper: number[] = [];
  for (let i = 0; i < s.rows; i++) for (let j = i + 1; j < s.rows; j++) upper.push(all[i * s.rows + j]!);
  if (upper.length === 0) return 1;
  upper.sort((p, q) => p - q);
  return Math.sqrt(upper[Math.floor(upper.length / 2)]!) || 1;
}

export const defaultCs: readonly number[] = [0.1, 1, 10, 100, 1000, 10000];
/** Multiples of the median distance tried for sigma. */
export const defaultSigmaFactors: readonly number[] = [0.25, 0.35, 0.5, 0.71, 1, 1.41, 2];

export interface Grid {
  Cs: number[];
  /** sigma for gaussian, width for gaussian-huang, degree for polynomial, nothing for linear. */
  params: number[];
  median: number | null;
}

export function defaultGrid(kernel: KernelType, x: FeatureMatrix, seed = 0): Grid {
  const Cs = [...defaultCs];
  switch (kernel) {
    case 'gaussian': {
      const median = medianPairwiseDistance(x, { seed });
      return { Cs, params: defaultSigmaFactors.map((f) => round(f * median)), median };
    }
    case 'gaussian-huang': {
      const median = medianPairwiseDistance(x, { seed });
      return { Cs, params: defaultSigmaFactors.map((f) => round(2 * (f * median) ** 2)), median };
    }
    case 'polynomial':
      return { Cs, params: [2, 3, 4, 5], median: null };
    case 'linear':
      return { Cs, params: [], median: null };
  }
}

function round(v: number): number {
  return Number(v.toPrecision(4));
}

export function kernelWith(type: KernelType, param: number | undefined): Kernel {
  switch (type) {
    case 'gaussian':
      return parseKernel({ type, sigma: param });
    case 'gaussian-huang':
      return parseKernel({ type, width: param });
    case 'polynomial':
      return parseKernel({ type, degree: param });
    case 'linear':
      return parseKernel({ type });
  }
}

export type Validation = { type: 'holdout'; fraction?: number; seed?: number } | { type: 'kfold'; k?: number; seed?: number };

export interface GridSearchOptions {
  kernel: KernelType;
  Cs?: number[];
  /** sigma / width / degree values; by default from defaultGrid. */
  params?: number[];
  /** Default: hold out 20% (seed 0). */
  validation?: Validation;
  solver?: SolverOptions;
  /** Called as each cell is scored. */
  onCell?: (cell: GridCell, index: number, total: number) => void;
}

export interface GridCell {
  C: number;
  kernel: Kernel;
  /** Mean validation accuracy over folds. */
  accuracy: number;
  folds: number[];
}

export interface GridSearchResult {
  cells: GridCell[];
  /** Highest mean accuracy; ties go to the first such cell in grid order (parameters outer, Cs inner). */
  best: GridCell;
  median: number | null;
  validation: Required<Validation>;
}

/** Train/validation index pairs. */
export function splits(n: number, validation: Validation = { type: 'holdout' }): Array<{ train: Int32Array; valid: Int32Array }> {
  const seed = validation.seed ?? 0;
  const perm = permutation(n, createRng(seed));
  if (validation.type === 'holdout') {
    const fraction = validation.fraction ?? 0.2;
    if (!(fraction > 0 && fraction < 1)) throw new KelmError('INVALID_OPTIONS', `validation fraction must be in (0, 1), got ${fraction}`);
    const nv = Math.round(n * fraction);
    if (nv < 1 || nv >= n) throw new KelmError('EMPTY_DATA', `a ${fraction} validation split of ${n} rows leaves an empty side`);
    return [{ valid: perm.slice(0, nv).sort(), train: perm.slice(nv).sort() }];
  }
  const k = validation.k ?? 5;
  if (!Number.isInteger(k) || k < 2 || k > n) throw new KelmError('INVALID_OPTIONS', `k-fold needs 2 <= k <= ${n}, got ${k}`);
  const out: Array<{ train: Int32Array; valid: Int32Array }> = [];
  for (let f = 0; f < k; f++) {
    const lo = Math.floor((f * n) / k);
    const hi = Math.floor(((f + 1) * n) / k);
    const valid = perm.slice(lo, hi).sort();
    const train = Int32Array.from([...perm.slice(0, lo), ...perm.slice(hi)]).sort();
    out.push({ train, valid });
  }
  return out;
}

/** Replays the block columns of a source after the first solve, so every C after the first skips the kernel. */
function caching(source: SymmetricSource): SymmetricSource {
  const cache = new Map<string, Float32Array>();
  return {
    n: source.n,
    blockColumn(start, width) {
      const key = `${start}:${width}`;
      let col = cache.get(key);
      if (!col) {
        col = source.blockColumn(start, width);
        cache.set(key, col);
      }
      return col;
    },
  };
}

/** Runs on a stand-in backend where the active one cannot read back synchronously: its cached columns are host memory. */
export function gridSearch(x: FeatureMatrix, labels: ArrayLike<number>, options: GridSearchOptions): Promise<GridSearchResult> {
  return withReadableBackend(() => gridSearchHere(x, labels, options));
}

async function gridSearchHere(x: FeatureMatrix, labels: ArrayLike<number>, options: GridSearchOptions): Promise<GridSearchResult> {
  checkFeatures(x);
  checkLabels(labels, x.rows);
  encodeLabels(labels);
  const solver = parseWith(solverSchema, options.solver, 'solver options');
  const validation: Required<Validation> =
    options.validation?.type === 'kfold'
      ? { type: 'kfold', k: options.validation.k ?? 5, seed: options.validation.seed ?? 0 }
      : { type: 'holdout', fraction: options.validation?.fraction ?? 0.2, seed: options.validation?.seed ?? 0 };
  const needsDefault = !options.Cs || (!options.params && options.kernel !== 'linear');
  const grid = needsDefault ? defaultGrid(options.kernel, x, validation.seed) : { Cs: [], params: [], median: null };
  const Cs = options.Cs ?? grid.Cs;
  const params = options.kernel === 'linear' ? [undefined] : (options.params ?? grid.params);
  if (Cs.length === 0 || params.length === 0) throw new KelmError('INVALID_OPTIONS', 'the grid is empty');
  for (const C of Cs) checkC(C);
  const kernels = params.map((p) => kernelWith(options.kernel, p));
  const folds = splits(x.rows, validation).map((f) => ({
    train: { x: takeRows(x, f.train), labels: takeLabels(labels, f.train) },
    valid: { x: takeRows(x, f.valid), labels: takeLabels(labels, f.valid) },
  }));
  const total = kernels.length * Cs.length;
  const cells: GridCell[] = [];
  for (const kernel of kernels) {
    const scores = Cs.map(() => [] as number[]);
    for (const fold of folds) {
      const { classes, targets } = encodeLabels(fold.train.labels);
      const xt = fold.train.x;
      const source = kernelSource(kernel, xt.data, xt.rows, xt.cols);
      const cached = caching(source);
      try {
        for (let ci = 0; ci < Cs.length; ci++) {
          const C = Cs[ci]!;
          const result = await solveSpd(cached, targets, classes.length, { shift: 1 / C, ...solver });
          const model: KernelModel = {
            kind: 'kelm',
            kernel,
            C,
            classes,
            dim: x.cols,
            support: xt.data,
            coef: result.x,
            solve: solveInfo(result, performance.now()),
          };
          scores[ci]!.push(accuracy(kernelPredict(model, fold.valid.x).labels, fold.valid.labels));
        }
      } finally {
        source.dispose();
      }
    }
    for (let ci = 0; ci < Cs.length; ci++) {
      const f = scores[ci]!;
      const cell = { C: Cs[ci]!, kernel, accuracy: f.reduce((a, v) => a + v, 0) / f.length, folds: f };
      cells.push(cell);
      options.onCell?.(cell, cells.length - 1, total);
    }
  }
  let best = cells[0]!;
  for (const cell of cells) if (cell.accuracy > best.accuracy) best = cell;
  return { cells, best, median: grid.median, validation };
}
