/**
 * The training kernel matrix K(X, X) as a source of lower block columns, computed as the solver asks for them:
 * the inner products on the tfjs backend, the elementwise kernel function in JS.
 */
import * as tf from '@tensorflow/tfjs';
import { gaussianInPlace } from './gaussian.js';
import { gaussianRate, kernelBlock, rowSquaredNorms, type Kernel } from './kernels.js';
import type { SymmetricSource } from './linalg/spd.js';
import { readView } from './linalg/transfer.js';

/** Rows per uploaded chunk of X: big enough for efficient products, small enough to waste little. */
const CHUNK = 2048;

export interface KernelSource extends SymmetricSource {
  dispose(): void;
}

export function rowSquaredNorms64(x: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j]! ** 2;
    out[i] = s;
  }
  return out;
}

/** Applies the kernel function in place to inner products g (rows x cols) of rows r0.. against columns c0... */
export function applyKernelFunction(kernel: Kernel, g: Float32Array, rows: number, cols: number, sqRows: Float64Array | null, r0: number, sqCols: Float64Array | null, c0: number): void {
  const rate = gaussianRate(kernel);
  if (rate !== null) {
    gaussianInPlace(g, rows, cols, sqRows!, r0, sqCols!, c0, rate);
  } else if (kernel.type === 'polynomial') {
    const { scale, offset, degree } = kernel;
    for (let t = 0; t < rows * cols; t++) g[t] = Math.pow(scale * g[t]! + offset, degree);
  }
}

/** x is row-major n x d. */
export function kernelSource(kernel: Kernel, x: Float32Array, n: number, d: number): KernelSource {
  const sq = gaussianRate(kernel) !== null ? rowSquaredNorms64(x, n, d) : null;
  const chunks: tf.Tensor2D[] = [];
  for (let r = 0; r < n; r += CHUNK) chunks.push(tf.tensor2d(x.subarray(r * d, Math.min(n, r + CHUNK) * d), [Math.min(CHUNK, n - r), d]));
  // X whole and its squared norms on the backend, made on first use by the resident (asynchronous-read) path.
  let resident: { x: tf.Tensor2D; sq: tf.Tensor2D | null } | null = null;
  return {
    n,
    blockColumnTensor(start, width) {
      if (!resident) {
        const all = chunks.length === 1 ? chunks[0]!.clone() : tf.concat<tf.Tensor2D>(chunks, 0);
        resident = { x: all, sq: sq ? rowSquaredNorms(all) : null };
      }
      const { x: all, sq: sqAll } = resident;
      return tf.tidy(() => {
        const a = all.slice([start, 0], [n - start, d]);
        // Transposed here, once per block column: the products then take it untransposed.
        const bT = tf.transpose(all.slice([start, 0], [width, d]));
        const aSq = sqAll ? sqAll.slice([start, 0], [n - start, 1]) : null;
        const bSq = sqAll ? tf.transpose(sqAll.slice([start, 0], [width, 1])) : null;
        return kernelBlock(kernel, a, bT, aSq, bSq);
      });
    },
    blockColumn(start, width) {
      const bT = new Float32Array(d * width);
      for (let i = 0; i < width; i++) for (let j = 0; j < d; j++) bT[j * width + i] = x[(start + i) * d + j]!;
      const bTt = tf.tensor2d(bT, [d, width]);
      const out = new Float32Array((n - start) * width);
      try {
        for (let c = Math.floor(start / CHUNK); c < chunks.length; c++) {
          const c0 = c * CHUNK;
          const r0 = Math.max(c0, start);
          const r1 = Math.min(n, c0 + CHUNK);
          // The WASM backend's matMul is an order of magnitude slower with transposeB, hence bT.
          const a = r0 === c0 ? chunks[c]! : tf.tensor2d(x.subarray(r0 * d, r1 * d), [r1 - r0, d]);
          const g = tf.matMul<tf.Tensor2D>(a, bTt);
          if (a !== chunks[c]) a.dispose();
          out.set(readView(g), (r0 - start) * width);
          g.dispose();
        }
      } finally {
        bTt.dispose();
      }
      applyKernelFunction(kernel, out, n - start, width, sq, start, sq, start);
      return out;
    },
    dispose() {
      for (const t of chunks) t.dispose();
      resident?.x.dispose();
      resident?.sq?.dispose();
    },
  };
}
