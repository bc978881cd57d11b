/** Shared test data: small seeded problems, and where the real data sets live. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureMatrix } from '../src/data.js';
import { createRng } from '../src/random.js';

export const sharedData = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
export const sharedReference = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/reference');
export const hasUsps = existsSync(resolve(sharedData, 'usps/zip.train.gz'));
export const hasMnistFiles = existsSync(resolve(sharedData, 'mnist/train-images-idx3-ubyte.gz'));

/**
 * `classes` Gaussian blobs in `dim` dimensions around centres drawn with `seed`; `sample` seeds the points, so a
 * test set is the same blobs with another `sample`.
 */
export function blobs(perClass: number, classes: number, dim: number, seed = 1, spread = 0.15, sample = 0): { x: FeatureMatrix; labels: Int32Array } {
  const centreRng = createRng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: dim }, () => centreRng.next()));
  const rng = createRng(seed * 7919 + sample + 1);
  const n = perClass * classes;
  const data = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % classes;
    labels[i] = k;
    for (let j = 0; j < dim; j++) data[i * dim + j] = centres[k]![j]! + spread * rng.normal();
  }
  return { x: { data, rows: n, cols: dim }, labels };
}

/** Uniform random rows in [0, 1). */
export function uniform(rows: number, cols: number, seed = 1): FeatureMatrix {
  const rng = createRng(seed);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.next();
  return { data, rows, cols };
}

/** exp(-||a-b||^2 / (2 sigma^2)) for all pairs, float64, row-major. */
export function gaussianGram64(a: FeatureMatrix, b: FeatureMatrix, sigma: number): Float64Array {
  const out = new Float64Array(a.rows * b.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.rows; j++) {
      let s = 0;
      for (let k = 0; k < a.cols; k++) s += (a.data[i * a.cols + k]! - b.data[j * b.cols + k]!) ** 2;
      out[i * b.rows + j] = Math.exp(-s / (2 * sigma * sigma));
    }
  }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function relativeError(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let e = 0;
  let r = 0;
  for (let i = 0; i < x.length; i++) {
    e += (x[i]! - ref[i]!) ** 2;
    r += ref[i]! ** 2;
  }
  return Math.sqrt(e / r);
}
