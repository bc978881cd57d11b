import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gaussianGram64, relativeError, uniform } from '../../test/data.js';
import { KelmError } from '../errors.js';
import { kernelSource } from '../gram.js';
import { createRng } from '../random.js';
import { spdSolve64 } from './dense64.js';
import { denseSource, solveSpd } from './spd.js';

function rhs(n: number, c: number): Float64Array {
  const b = new Float64Array(n * c);
  for (let i = 0; i < n; i++) b[i * c + (i % c)] = 1;
  return b;
}

/** The float32 matrix exactly as the solver sees it (columns from the same source) plus the shift, in float64. */
function denseFrom(source: { n: number; blockColumn(s: number, w: number): Float32Array }, shift: number): Float64Array {
  const n = source.n;
  const col = source.blockColumn(0, n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = col[i * n + j]!;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
    a[i * n + i]! += shift;
  }
  return a;
}

describe('solveSpd', () => {
  const x = uniform(300, 20, 4);

  it.each([1, 1e2, 1e4, 1e6, 1e8])('float32 factor + refinement matches a float64 solve to 1e-6 (Gaussian kernel, C = %s)', async (C) => {
    // A wide kernel makes K nearly singular, so I/C + K has condition number ~ C * n.
    const source = kernelSource({ type: 'gaussian', sigma: 6 }, x.data, x.rows, x.cols);
    try {
      const ref = spdSolve64(denseFrom(source, 1 / C), x.rows, rhs(x.rows, 3), 3);
      const got = await solveSpd(source, rhs(x.rows, 3), 3, { shift: 1 / C, method: 'float32', tile: 64 });
      expect(got.method).toBe('float32-pcg');
      expect(got.relativeResidual).toBeLessThanOrEqual(1e-7);
      expect(relativeError(got.x, ref)).toBeLessThan(1e-6);
    } finally {
      source.dispose();
    }
  });

  it('handles a last tile narrower than the others', async () => {
    const source = kernelSource({ type: 'gaussian', sigma: 1.5 }, x.data, 203, x.cols);
    try {
      const ref = spdSolve64(denseFrom(source, 0.01), 203, rhs(203, 2), 2);
      const got = await solveSpd(source, rhs(203, 2), 2, { shift: 0.01, method: 'float32', tile: 48 });
      expect(relativeError(got.x, ref)).toBeLessThan(1e-8);
    } finally {
      source.dispose();
    }
  });

  it('gives the same answer on the float64 path', async () => {
    const k = gaussianGram64(x, x, 2);
    const got = await solveSpd(denseSource(k, x.rows), rhs(x.rows, 2), 2, { shift: 0.1, method: 'float64' });
    const a = Float64Array.from(new Float32Array(k)); // the source hands out float32 values
    for (let i = 0; i < x.rows; i++) a[i * x.rows + i]! += 0.1;
    expect(got.method).toBe('float64');
    expect(relativeError(got.x, spdSolve64(a, x.rows, rhs(x.rows, 2), 2))).toBeLessThan(1e-12);
  });

  it('fails loudly on an indefinite matrix, on every path', async () => {
    const n = 40;
    const rng = createRng(8);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const v = rng.next() - 0.5;
        a[i * n + j] = v;
        a[j * n + i] = v;
      }
      a[i * n + i] = i === n - 1 ? -5 : 3;
    }
    for (const method of ['float32', 'float64', 'auto'] as const) {
      await expect(solveSpd(denseSource(a, n), rhs(n, 1), 1, { method, tile: 16 })).rejects.toMatchObject({ code: 'NOT_POSITIVE_DEFINITE' });
    }
  });

  it.each([1e2, 1e6])('resident (asynchronous-read) path: the same solution of the same matrix (C = %s)', async (C) => {
    const k = gaussianGram64(x, x, 6);
    const source = denseSource(k, x.rows);
    const standard = await solveSpd(source, rhs(x.rows, 3), 3, { shift: 1 / C, method: 'float32', tile: 48, resident: false });
    const resident = await solveSpd(source, rhs(x.rows, 3), 3, { shift: 1 / C, method: 'float32', tile: 48, resident: true });
    expect(resident.method).toBe('float32-pcg');
    expect(resident.relativeResidual).toBeLessThanOrEqual(1e-7);
    expect(relativeError(resident.x, standard.x)).toBeLessThan(1e-6);
    await expect(solveSpd(denseSource(new Float64Array([1, 2, 2, 1]), 2), rhs(2, 1), 1, { method: 'float32', resident: true })).rejects.toMatchObject({
      code: 'NOT_POSITIVE_DEFINITE',
    });
  });

  it('resident path from a kernel source: matches the float64 solve of its own matrix', async () => {
    const source = kernelSource({ type: 'gaussian', sigma: 1.5 }, x.data, 203, x.cols);
    try {
      const got = await solveSpd(source, rhs(203, 2), 2, { shift: 0.01, method: 'float32', tile: 48, resident: true });
      expect(got.relativeResidual).toBeLessThanOrEqual(1e-9);
      // The backend's kernel differs from the JS one only by float32 rounding.
      const ref = spdSolve64(denseFrom(source, 0.01), 203, rhs(203, 2), 2);
      expect(relativeError(got.x, ref)).toBeLessThan(1e-4);
    } finally {
      source.dispose();
    }
  });

  it.each([false, true])('leaves no tensors behind, solved or failed (resident %s)', async (resident) => {
    const k = gaussianGram64(x, x, 2);
    const before = tf.memory().numTensors;
    await solveSpd(denseSource(k, x.rows), rhs(x.rows, 2), 2, { shift: 0.1, method: 'float32', tile: 64, resident });
    expect(tf.memory().numTensors).toBe(before);
    // Indefinite: fails in the last tile, after every other step has made its tensors.
    const bad = Float64Array.from(k);
    bad[x.rows * x.rows - 1] = -50;
    await expect(solveSpd(denseSource(bad, x.rows), rhs(x.rows, 2), 2, { method: 'float32', tile: 64, resident })).rejects.toMatchObject({ code: 'NOT_POSITIVE_DEFINITE' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a right-hand side of the wrong size', async () => {
    await expect(solveSpd(denseSource(new Float64Array(4).fill(1), 2), new Float64Array(3), 1)).rejects.toBeInstanceOf(KelmError);
  });
});
