/**
 * ELM and RELM: a seeded random hidden layer H = g(X W + b) and output weights from least squares,
 *   beta = (H^T H + I/C)^-1 H^T Y       (more rows than hidden units)
 *   beta = H^T (H H^T + I/C)^-1 Y       (fewer rows: the same solution through the smaller system)
 * Plain ELM (no C) is least squares: the same normal equations with a ridge of 1e-6 times the mean diagonal,
 * which only keeps the float32 Gram matrix positive definite.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { accuracy, checkC, checkFeatures, checkLabels, encodeLabels, type FeatureMatrix } from './data.js';
import { KelmError } from './errors.js';
import { kernelSource } from './gram.js';
import { hiddenLayer, initHidden } from './hidden.js';
import { denseSource, solveInfo, solveSpd, type SpdSolveResult } from './linalg/spd.js';
import type { Activation, ElmModel } from './model.js';
import { addInto, readView } from './linalg/transfer.js';
import { parseWith, solverSchema, type Progress, type SolverOptions } from './options.js';
import { elmPredict } from './predict.js';
import { withReadableBackend } from './backend.js';

const elmOptionsSchema = z.object({
  hidden: z.number().int().min(1).max(100_000),
  activation: z.enum(['sigmoid', 'tanh', 'relu', 'rbf']).default('sigmoid'),
  C: z.number().optional(),
  seed: z.number().int().default(0),
  solver: solverSchema.optional(),
});

export interface ElmOptions {
  hidden: number;
  activation?: Activation;
  /** Ridge parameter: RELM when given, plain ELM when not. */
  C?: number;
  seed?: number;
  solver?: SolverOptions;
  onProgress?: (p: Progress) => void;
}

/** Ridge of plain ELM, relative to the mean diagonal of the Gram matrix. */
const ELM_RIDGE = 1e-6;
/** Rows of H per batch when forming H^T H. */
const BATCH = 2048;

export function elmFit(x: FeatureMatrix, labels: ArrayLike<number>, options: ElmOptions): Promise<ElmModel> {
  return withReadableBackend(() => elmFitHere(x, labels, options));
}

async function elmFitHere(x: FeatureMatrix, labels: ArrayLike<number>, options: ElmOptions): Promise<ElmModel> {
  checkFeatures(x);
  checkLabels(labels, x.rows);
  const { onProgress, ...rest } = options ?? ({} as ElmOptions);
  const opts = parseWith(elmOptionsSchema, rest, 'ELM options');
  if (opts.C !== undefined) checkC(opts.C);
  const solver = parseWith(solverSchema, opts.solver, 'solver options');
  const { classes, targets } = encodeLabels(labels);
  const c = classes.length;
  const L = opts.hidden;
  const t0 = performance.now();
  const { weights, biases } = initHidden(opts.activation, x, L, opts.seed);
  const w = tf.tensor2d(weights, [x.cols, L]);
  const b = tf.tensor2d(biases, [1, L]);
  const progress = onProgress ? (stage: string, done: number, total: number) => onProgress({ stage, done, total }) : undefined;
  let result: SpdSolveResult;
  let beta: Float64Array;
  try {
    if (x.rows >= L) {
      const g = new Float64Array(L * L);
      const hty = new Float64Array(L * c);
      for (let r = 0; r < x.rows; r += BATCH) {
        const rows = Math.min(BATCH, x.rows - r);
        const [gb, hb] = tf.tidy(() => {
          const h = hiddenLayer(opts.activation, tf.tensor2d(x.data.subarray(r * x.cols, (r + rows) * x.cols), [rows, x.cols]), w, b);
          const hT = tf.transpose(h);
          return [tf.matMul<tf.Tensor2D>(hT, h), tf.matMul<tf.Tensor2D>(hT, tf.tensor2d(Float32Array.from(targets.subarray(r * c, (r + rows) * c)), [rows, c]))];
        });
        addInto(g, readView(gb));
        addInto(hty, readView(hb));
        gb.dispose();
        hb.dispose();
        progress?.('hidden', r + rows, x.rows);
      }
      const shift = opts.C !== undefined ? 1 / opts.C : ridgeFor(g, L);
      result = await solveSpd(denseSource(g, L), hty, c, { shift, ...solver, onProgress: progress });
      beta = result.x;
    } else {
      const h = tf.tidy(() => hiddenLayer(opts.activation, tf.tensor2d(x.data, [x.rows, x.cols]), w, b));
      const hd = h.dataSync() as Float32Array;
      h.dispose();
      const source = kernelSource({ type: 'linear' }, hd, x.rows, L);
      try {
        let shift = 0;
        if (opts.C !== undefined) shift = 1 / opts.C;
        else {
          let trace = 0;
          for (let i = 0; i < hd.length; i++) trace += hd[i]! ** 2;
          shift = (ELM_RIDGE * trace) / x.rows;
        }
        result = await solveSpd(source, targets, c, { shift, ...solver, onProgress: progress });
      } finally {
        source.dispose();
      }
      beta = new Float64Array(L * c);
      for (let i = 0; i < x.rows; i++) {
        for (let k = 0; k < c; k++) {
          const a = result.x[i * c + k]!;
          if (a === 0) continue;
          for (let j = 0; j < L; j++) beta[j * c + k]! += hd[i * L + j]! * a;
        }
      }
    }
  } finally {
    w.dispose();
    b.dispose();
  }
  return {
    kind: 'elm',
    activation: opts.activation,
    hidden: L,
    C: opts.C ?? null,
    seed: opts.seed,
    classes,
    dim: x.cols,
    weights,
    biases,
    beta,
    solve: solveInfo(result, t0),
  };
}

function ridgeFor(g: Float64Array, L: number): number {
  let trace = 0;
  for (let i = 0; i < L; i++) trace += g[i * L + i]!;
  return (ELM_RIDGE * trace) / L || ELM_RIDGE;
}

/** RELM: ELM with ridge parameter C (required). */
export async function relmFit(x: FeatureMatrix, labels: ArrayLike<number>, options: ElmOptions & { C: number }): Promise<ElmModel> {
  if (options?.C === undefined) throw new KelmError('INVALID_C', 'RELM needs a ridge parameter C');
  return elmFit(x, labels, options);
}

export interface SeedRun {
  seed: number;
  trainAccuracy: number;
  testAccuracy: number;
  fitSeconds: number;
}

export interface SeedSummary {
  runs: SeedRun[];
  /** Over the runs' test accuracies; std is the sample standard deviation (0 for one run). */
  mean: number;
  std: number;
  best: SeedRun;
  worst: SeedRun;
}

/** Fits one ELM/RELM per seed and reports test accuracy mean, std and best, as the papers' tables do. */
export async function evaluateSeeds(
  train: { x: FeatureMatrix; labels: ArrayLike<number> },
  test: { x: FeatureMatrix; labels: ArrayLike<number> },
  options: Omit<ElmOptions, 'seed'> & { seeds: number[] },
): Promise<SeedSummary> {
  const { seeds, ...rest } = options;
  if (!Array.isArray(seeds) || seeds.length === 0) throw new KelmError('INVALID_OPTIONS', 'seeds must list at least one seed');
  const runs: SeedRun[] = [];
  for (const seed of seeds) {
    const model = await elmFit(train.x, train.labels, { ...rest, seed });
    runs.push({
      seed,
      trainAccuracy: accuracy(elmPredict(model, train.x).labels, train.labels),
      testAccuracy: accuracy(elmPredict(model, test.x).labels, test.labels),
      fitSeconds: model.solve.seconds,
    });
  }
  return summarise(runs);
}

export function summarise(runs: SeedRun[]): SeedSummary {
  const acc = runs.map((r) => r.testAccuracy);
  const mean = acc.reduce((a, v) => a + v, 0) / acc.length;
  const std = acc.length > 1 ? Math.sqrt(acc.reduce((a, v) => a + (v - mean) ** 2, 0) / (acc.length - 1)) : 0;
  let best = runs[0]!;
  let worst = runs[0]!;
  for (const r of runs) {
    if (r.testAccuracy > best.testAccuracy) best = r;
    if (r.testAccuracy < worst.testAccuracy) worst = r;
  }
  return { runs, mean, std, best, worst };
}
