import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, referenceBatchMatMul, referenceMatMul, seededValues, TRANSPOSE_PAIRS } from '../testing/reference.js';
import { activateWasm } from './activate.js';
import { patchWasmKernels, unpatchWasmKernels, wasmPatchStatus } from './patch.js';

/** [outerA, outerB, m, k, n]: plain sizes, both branches of each transpose plan, batched, broadcast, tiny batched. */
const cases: [number[], number[], number, number, number][] = [
  [[], [], 5, 7, 3],
  [[], [], 4, 60, 100],
  [[], [], 100, 60, 4],
  [[], [], 100, 5, 4],
  [[1], [1], 33, 70, 19],
  [[3], [3], 40, 50, 30],
  [[1], [3], 40, 50, 30],
  [[2, 3], [], 40, 50, 30],
  [[2], [2], 3, 4, 5],
];

function operands(outerA: number[], outerB: number[], m: number, k: number, n: number, tA: boolean, tB: boolean, seed: number) {
  const aShape = [...outerA, ...(tA ? [k, m] : [m, k])];
  const bShape = [...outerB, ...(tB ? [n, k] : [k, n])];
  const aValues = seededValues(aShape.reduce((p, d) => p * d, 1), seed);
  const bValues = seededValues(bShape.reduce((p, d) => p * d, 1), seed + 1);
  return { aShape, bShape, aValues, bValues };
}

function product(op: ReturnType<typeof operands>, tA: boolean, tB: boolean): { shape: number[]; values: Float32Array } {
  return tf.tidy(() => {
    const r = tf.matMul(tf.tensor(op.aValues, op.aShape), tf.tensor(op.bValues, op.bShape), tA, tB);
    return { shape: r.shape, values: r.dataSync() as Float32Array };
  });
}

describe('WASM BatchMatMul through XNNPACK', () => {
  beforeAll(async () => {
    const r = await activateWasm();
    expect(r.ok).toBe(true);
  });
  afterAll(() => {
    patchWasmKernels();
  });

  it('is installed over the backend kernels', () => {
    expect(wasmPatchStatus()).toEqual([
      'BatchMatMul',
      '_FusedMatMul',
      'Conv2D',
      'Conv2DBackpropInput',
      'MaxPoolGrad',
      'Add',
      'Sum',
      'Identity',
      'Cast',
      'Conv2DBackpropFilter',
      'AelabBceWithLogits',
      'AelabBceWithLogitsGrad',
      'AelabWeightNorm',
      'AelabWeightNormGrad',
    ]);
  });

  for (const [outerA, outerB, m, k, n] of cases) {
    for (const [tA, tB] of TRANSPOSE_PAIRS) {
      it(`[${outerA}]x[${outerB}] m=${m} k=${k} n=${n} transposeA=${tA} transposeB=${tB} equals the original kernel and the reference`, () => {
        const op = operands(outerA, outerB, m, k, n, tA, tB, m * 1000 + k * 10 + n);
        patchWasmKernels();
        const before = tf.engine().backend.numDataIds();
        const patched = product(op, tA, tB);
        // Intermediates made inside the kernel must be freed.
        expect(tf.engine().backend.numDataIds()).toBe(before);
        unpatchWasmKernels();
        const original = product(op, tA, tB);
        patchWasmKernels();
        expect(patched.shape).toEqual(original.shape);
        expect(maxAbsDiff(patched.values, original.values)).toBeLessThan(1e-4 * Math.sqrt(k));
        expect(maxAbsDiff(patched.values, referenceBatchMatMul(op.aValues, op.aShape, op.bValues, op.bShape, tA, tB))).toBeLessThan(1e-4 * Math.sqrt(k));
      });
    }
  }

  for (const [tA, tB] of TRANSPOSE_PAIRS) {
    it(`fused matMul + bias + relu with transposeA=${tA} transposeB=${tB} matches the reference`, () => {
      const op = operands([], [], 20, 30, 40, tA, tB, 7);
      const bias = seededValues(40, 9);
      const run = (withBias: boolean) =>
        tf.tidy(() => {
          const a = tf.tensor2d(op.aValues, op.aShape as [number, number]);
          const b = tf.tensor2d(op.bValues, op.bShape as [number, number]);
          const r = withBias ? tf.fused.matMul({ a, b, transposeA: tA, transposeB: tB, bias: tf.tensor1d(bias), activation: 'relu' }) : tf.fused.matMul({ a, b, transposeA: tA, transposeB: tB });
          return r.dataSync() as Float32Array;
        });
      patchWasmKernels();
      const patched = run(true);
      const patchedPlain = run(false);
      unpatchWasmKernels();
      const originalPlain = run(false);
      patchWasmKernels();
      const product = referenceMatMul(op.aValues, op.aShape as [number, number], op.bValues, op.bShape as [number, number], tA, tB);
      expect(maxAbsDiff(patched, product.map((v, i) => Math.max(0, v + bias[i % 40]!)))).toBeLessThan(1e-4);
      // With a bias, the original's naive path adds the wrong bias entries after the first row, so only the plain
      // product is compared with it.
      expect(maxAbsDiff(patchedPlain, originalPlain)).toBeLessThan(1e-4);
    });
  }

  it('fused batched matMul adds the bias to every row (the original kernel does not)', () => {
    const a = seededValues(2 * 3 * 4, 1);
    const b = seededValues(2 * 4 * 5, 2);
    const bias = [1, 2, 3, 4, 5];
    const values = tf.tidy(() => tf.fused.matMul({ a: tf.tensor3d(a, [2, 3, 4]), b: tf.tensor3d(b, [2, 4, 5]), bias: tf.tensor1d(bias) }).dataSync() as Float32Array);
    const expected = new Float64Array(2 * 3 * 5);
    for (let i = 0; i < 2; i++) expected.set(referenceMatMul(a.subarray(i * 12, i * 12 + 12), [3, 4], b.subarray(i * 20, i * 20 + 20), [4, 5], false, false).map((v, j) => v + bias[j % 5]!), i * 15);
    expect(maxAbsDiff(values, expected)).toBeLessThan(1e-5);
  });

  it('gives the same dense-layer gradients as before the patch', () => {
    const x = tf.tensor2d(seededValues(16 * 12, 1), [16, 12]);
    const w = tf.tensor2d(seededValues(12 * 8, 2), [12, 8]);
    const grads = () => tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sigmoid(tf.matMul(a, b)).sum())([x, w]).map((g) => g.dataSync() as Float32Array));
    patchWasmKernels();
    const patched = grads();
    unpatchWasmKernels();
    const original = grads();
    patchWasmKernels();
    expect(maxAbsDiff(patched[0]!, original[0]!)).toBeLessThan(1e-5);
    expect(maxAbsDiff(patched[1]!, original[1]!)).toBeLessThan(1e-5);
    tf.dispose([x, w]);
  });
});
