/** Kernel ELM: beta = (I/C + Omega)^-1 Y with Omega = K(X, X) and Y one-hot; f(x) = K(x, X) beta. */
import { z } from 'zod';
import { checkC, checkFeatures, checkLabels, encodeLabels, type FeatureMatrix } from './data.js';
import { kernelSource } from './gram.js';
import { kernelSchema, type KernelInput } from './kernels.js';
import { solveInfo, solveSpd } from './linalg/spd.js';
import type { KernelModel } from './model.js';
import { parseWith, solverSchema, type Progress, type SolverOptions } from './options.js';

const kelmOptionsSchema = z.object({
  kernel: kernelSchema,
  C: z.number(),
  solver: solverSchema.optional(),
});

export interface KelmOptions {
  kernel: KernelInput;
  C: number;
  solver?: SolverOptions;
  onProgress?: (p: Progress) => void;
}

export async function kelmFit(x: FeatureMatrix, labels: ArrayLike<number>, options: KelmOptions): Promise<KernelModel> {
  checkFeatures(x);
  checkLabels(labels, x.rows);
  checkC(options?.C);
  const { onProgress, ...rest } = options;
  const opts = parseWith(kelmOptionsSchema, rest, 'KELM options');
  const solver = parseWith(solverSchema, opts.solver, 'solver options');
  const { classes, targets } = encodeLabels(labels);
  const t0 = performance.now();
  const source = kernelSource(opts.kernel, x.data, x.rows, x.cols);
  try {
    const result = await solveSpd(source, targets, classes.length, {
      shift: 1 / opts.C,
      ...solver,
      onProgress: onProgress ? (stage, done, total) => onProgress({ stage, done, total }) : undefined,
    });
    return {
      kind: 'kelm',
      kernel: opts.kernel,
      C: opts.C,
      classes,
      dim: x.cols,
      support: x.data.slice(),
      coef: result.x,
      solve: solveInfo(result, t0),
    };
  } finally {
    source.dispose();
  }
}
