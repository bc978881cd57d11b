/*
 * Float64 reference implementations for tests: plain loops, no tf.js, so backends can be checked against them.
 */

export { seededValues } from '@aelab/datasets';

/** op(a)·op(b) for 2-D row-major operands stored as given (transposed storage when the flag is set). */
export function referenceMatMul(a: ArrayLike<number>, aShape: [number, number], b: ArrayLike<number>, bShape: [number, number], transposeA: boolean, transposeB: boolean): Float64Array {
  const m = transposeA ? aShape[1] : aShape[0];
  const k = transposeA ? aShape[0] : aShape[1];
  const n = transposeB ? bShape[0] : bShape[1];
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const av = transposeA ? a[p * aShape[1] + i]! : a[i * aShape[1] + p]!;
        const bv = transposeB ? b[j * bShape[1] + p]! : b[p * bShape[1] + j]!;
        sum += av * bv;
      }
      out[i * n + j] = sum;
    }
  }
  return out;
}

/** Every (transposeA, transposeB) pair a product test runs through. */
export const TRANSPOSE_PAIRS = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

/**
 * referenceMatMul over the leading (batch) dimensions of both shapes: a side whose batch is 1 is broadcast to the
 * other's, as tf.matMul does; otherwise the two batches must match.
 */
export function referenceBatchMatMul(a: Float32Array, aShape: readonly number[], b: Float32Array, bShape: readonly number[], transposeA: boolean, transposeB: boolean): Float64Array {
  const aInner = aShape.slice(-2) as [number, number];
  const bInner = bShape.slice(-2) as [number, number];
  const batchA = aShape.slice(0, -2).reduce((p, d) => p * d, 1);
  const batchB = bShape.slice(0, -2).reduce((p, d) => p * d, 1);
  const batch = Math.max(batchA, batchB);
  const aSize = aInner[0] * aInner[1];
  const bSize = bInner[0] * bInner[1];
  const size = (transposeA ? aInner[1] : aInner[0]) * (transposeB ? bInner[0] : bInner[1]);
  const out = new Float64Array(batch * size);
  for (let i = 0; i < batch; i++) {
    const ai = a.subarray((batchA === 1 ? 0 : i) * aSize, (batchA === 1 ? 1 : i + 1) * aSize);
    const bi = b.subarray((batchB === 1 ? 0 : i) * bSize, (batchB === 1 ? 1 : i + 1) * bSize);
    out.set(referenceMatMul(ai, aInner, bi, bInner, transposeA, transposeB), i * size);
  }
  return out;
}

export interface ConvGeometry {
  strides: [number, number];
  pad: [number, number, number, number]; // top, bottom, left, right
}

/** NHWC conv2d (cross-correlation, dilation 1) with explicit padding; filter [fh, fw, ci, co]. */
export function referenceConv2d(x: ArrayLike<number>, xShape: [number, number, number, number], w: ArrayLike<number>, wShape: [number, number, number, number], g: ConvGeometry): { values: Float64Array; shape: [number, number, number, number] } {
  const [batch, h, wd, ci] = xShape;
  const [fh, fw, , co] = wShape;
  const oh = Math.floor((h + g.pad[0] + g.pad[1] - fh) / g.strides[0]) + 1;
  const ow = Math.floor((wd + g.pad[2] + g.pad[3] - fw) / g.strides[1]) + 1;
  const out = new Float64Array(batch * oh * ow * co);
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        for (let o = 0; o < co; o++) {
          let sum = 0;
          for (let i = 0; i < fh; i++) {
            const iy = y * g.strides[0] - g.pad[0] + i;
            if (iy < 0 || iy >= h) continue;
            for (let j = 0; j < fw; j++) {
              const ix = xo * g.strides[1] - g.pad[2] + j;
              if (ix < 0 || ix >= wd) continue;
              for (let c = 0; c < ci; c++) sum += x[((b * h + iy) * wd + ix) * ci + c]! * w[((i * fw + j) * ci + c) * co + o]!;
            }
          }
          out[((b * oh + y) * ow + xo) * co + o] = sum;
        }
      }
    }
  }
  return { values: out, shape: [batch, oh, ow, co] };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
