/** Kernel ELM: beta = (I/C + Omega)^-1 Y with Omega = K(X, X) and Y one-hot; f(x) = K(x, X) beta. */
import { z } from 'zod';
import type { FeatureMatrix } from './data.js';
import { kernelSource } from './gram.js';
import { kernelSchema, type KernelInput } from './kernels.js';
import { solveInfo, solveSpd } from './linalg/spd.js';
import type { KernelModel } from './model.js';
import { parseKernelFit, solverSchema, type Progress, type SolverOptions } from './options.js';
import { nativeSolver } from './native.js';

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

/**
 * On a backend that cannot read back synchronously (WebGPU under Node) the factorisation stays on the backend and
 * reads back asynchronously (solveSpd's resident path), so no stand-in backend is needed here.
 */
export async function kelmFit(x: FeatureMatrix, labels: ArrayLike<number>, options: KelmOptions): Promise<KernelModel> {
  const { opts, solver, classes, targets, onProgress } = parseKernelFit(x, labels, options, kelmOptionsSchema, 'KELM options');
  const t0 = performance.now();
  if (solver.method === 'native') {
    const native = nativeSolver();
    const result = native.solve(x.data, x.rows, x.cols, targets, classes.length, opts.kernel, 1 / opts.C);
    const solve = {
      method: 'native' as const,
      iterations: 0,
      relativeResidual: result.relativeResidual,
      raisedPivots: 0,
      seconds: (performance.now() - t0) / 1000,
      timings: result.timings,
      backend: native.name,
    };
    return { kind: 'kelm', kernel: opts.kernel, C: opts.C, classes, dim: x.cols, support: x.data.slice(), coef: result.beta, solve };
  }
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
