/**
 * Nystrom KELM for training sets too large for the exact N x N solve. With m centres Z (random training rows)
 * and K(Z, Z) = R R^T, the features phi(x) = K(x, Z) R^-T give K ~ Phi Phi^T, and KELM on that kernel is ridge
 * regression on phi: w = (Phi^T Phi + I/C)^-1 Phi^T Y, f(x) = K(x, Z) R^-T w. Only m x m matrices are kept,
 * and Phi is formed batch by batch, so memory is O(m^2 + batch x m) whatever the number of rows.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { takeRows, type FeatureMatrix } from './data.js';
import { kernelSource } from './gram.js';
import { kernelBlock, kernelSchema, needsNorms, rowSquaredNorms, type KernelInput } from './kernels.js';
import { cholesky64, invertLower64 } from './linalg/dense64.js';
import { denseSource, solveInfo, solveSpd } from './linalg/spd.js';
import { toDense64 } from './linalg/symmetric.js';
import type { KernelModel } from './model.js';
import { addInto, readView } from './linalg/transfer.js';
import { parseKernelFit, solverSchema, type Progress, type SolverOptions } from './options.js';
import { createRng, sampleIndices } from './random.js';
import { withReadableBackend } from './backend.js';

const nystromOptionsSchema = z.object({
  kernel: kernelSchema,
  C: z.number(),
  centres: z.number().int().min(1).max(20_000).default(2000),
  seed: z.number().int().default(0),
  batchSize: z.number().int().min(1).default(2048),
  solver: solverSchema.optional(),
});

export interface NystromOptions {
  kernel: KernelInput;
  C: number;
  /** Number of centres m (at most the number of rows). */
  centres?: number;
  seed?: number;
  batchSize?: number;
  solver?: SolverOptions;
  onProgress?: (p: Progress) => void;
}

/** Jitter added to K(Z, Z), relative to its mean diagonal, so that duplicate or near-duplicate centres stay factorable. */
const JITTER = 1e-6;

export function nystromFit(x: FeatureMatrix, labels: ArrayLike<number>, options: NystromOptions): Promise<KernelModel> {
  return withReadableBackend(() => nystromFitHere(x, labels, options));
}

async function nystromFitHere(x: FeatureMatrix, labels: ArrayLike<number>, options: NystromOptions): Promise<KernelModel> {
  const { opts, solver, classes, targets, onProgress } = parseKernelFit(x, labels, options, nystromOptionsSchema, 'Nystrom options');
  const c = classes.length;
  const t0 = performance.now();
  const m = Math.min(opts.centres, x.rows);
  const picks = sampleIndices(x.rows, m, createRng(opts.seed)).sort();
  const z = takeRows(x, picks);
  const progress = onProgress ? (stage: string, done: number, total: number) => onProgress({ stage, done, total }) : undefined;

  // R = chol(K(Z, Z) + jitter) and R^-1, in float64.
  const zSource = kernelSource(opts.kernel, z.data, m, x.cols);
  let rInv: Float64Array;
  try {
    const starts: number[] = [];
    const widths: number[] = [];
    const data: Float32Array[] = [];
    for (let s = 0; s < m; s += 256) {
      starts.push(s);
      widths.push(Math.min(256, m - s));
      data.push(zSource.blockColumn(s, Math.min(256, m - s)));
    }
    const kzz = toDense64({ n: m, starts, widths, data }, 0);
    let trace = 0;
    for (let i = 0; i < m; i++) trace += kzz[i * m + i]!;
    const jitter = (JITTER * trace) / m || JITTER;
    for (let i = 0; i < m; i++) kzz[i * m + i]! += jitter;
    cholesky64(kzz, m);
    rInv = invertLower64(kzz, m);
  } finally {
    zSource.dispose();
  }

  // Phi^T Phi and Phi^T Y, accumulated in float64 over batches of rows.
  const g = new Float64Array(m * m);
  const pty = new Float64Array(m * c);
  const zT = new Float32Array(x.cols * m);
  for (let i = 0; i < m; i++) for (let k = 0; k < x.cols; k++) zT[k * m + i] = z.data[i * x.cols + k]!;
  const zTt = tf.tensor2d(zT, [x.cols, m]);
  const zSq = needsNorms(opts.kernel) ? tf.tidy(() => tf.sum(tf.square(zTt), 0, true) as tf.Tensor2D) : null;
  // phi = k R^-T, so the right factor is (R^-1)^T.
  const rInvT = new Float32Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) rInvT[j * m + i] = rInv[i * m + j]!;
  const rInvTt = tf.tensor2d(rInvT, [m, m]);
  try {
    for (let r = 0; r < x.rows; r += opts.batchSize) {
      const rows = Math.min(opts.batchSize, x.rows - r);
      const [gb, pb] = tf.tidy(() => {
        const xb = tf.tensor2d(x.data.subarray(r * x.cols, (r + rows) * x.cols), [rows, x.cols]);
        const phi = tf.matMul<tf.Tensor2D>(kernelBlock(opts.kernel, xb, zTt, zSq ? rowSquaredNorms(xb) : null, zSq), rInvTt);
        const phiT = tf.transpose(phi);
        return [tf.matMul<tf.Tensor2D>(phiT, phi), tf.matMul<tf.Tensor2D>(phiT, tf.tensor2d(Float32Array.from(targets.subarray(r * c, (r + rows) * c)), [rows, c]))];
      });
      addInto(g, readView(gb));
      addInto(pty, readView(pb));
      gb.dispose();
      pb.dispose();
      progress?.('features', r + rows, x.rows);
    }
  } finally {
    zTt.dispose();
    zSq?.dispose();
    rInvTt.dispose();
  }

  const result = await solveSpd(denseSource(g, m), pty, c, { shift: 1 / opts.C, ...solver, onProgress: progress });
  // coef = R^-T w, so that f(x) = K(x, Z) coef.
  const coef = new Float64Array(m * c);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      const v = rInv[i * m + j]!;
      if (v === 0) continue;
      for (let k = 0; k < c; k++) coef[j * c + k]! += v * result.x[i * c + k]!;
    }
  }
  return {
    kind: 'nystrom',
    kernel: opts.kernel,
    C: opts.C,
    classes,
    dim: x.cols,
    support: z.data,
    coef,
    solve: solveInfo(result, t0),
  };
}
