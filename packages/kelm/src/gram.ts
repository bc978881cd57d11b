/** The training kernel matrix K(X, X) as a source of lower block columns, computed as the solver asks for them. */
import * as tf from '@tensorflow/tfjs';
import { kernelBlock, needsNorms, rowSquaredNorms, type Kernel } from './kernels.js';
import type { SymmetricSource } from './linalg/spd.js';

export function kernelSource(kernel: Kernel, x: tf.Tensor2D): SymmetricSource & { dispose(): void } {
  const [n, d] = x.shape;
  const xT = tf.transpose(x);
  const sq = needsNorms(kernel) ? rowSquaredNorms(x) : null;
  const sqT = sq ? tf.transpose(sq) : null;
  return {
    n,
    blockColumn(start, width) {
      return tf.tidy(() =>
        kernelBlock(
          kernel,
          start === 0 ? x : x.slice([start, 0], [n - start, d]),
          xT.slice([0, start], [d, width]),
          sq ? sq.slice([start, 0], [n - start, 1]) : null,
          sqT ? sqT.slice([0, start], [1, width]) : null,
        ),
      );
    },
    dispose() {
      xT.dispose();
      sq?.dispose();
      sqT?.dispose();
    },
  };
}
