/** Option parsing shared by the fit functions: zod schemas, with failures turned into KelmError. */
import { z } from 'zod';
import { checkC, checkFeatures, checkLabels, encodeLabels, type FeatureMatrix } from './data.js';
import { KelmError } from './errors.js';

export const solverSchema = z
  .object({
    /**
     * 'auto': float64 JS for small systems, float32 factor + float64 refinement for large ones. 'native': the
     * optional float64 BLAS/LAPACK addon (exact KELM fits only; see @aelab/kelm/node's useNativeSolver).
     */
    method: z.enum(['auto', 'float32', 'float64', 'native']).default('auto'),
    /** Block size of the factorisation. */
    tile: z.number().int().min(16).max(4096).default(256),
    /** Target relative residual of the refined solution. */
    tol: z.number().positive().max(1e-2).default(1e-9),
    /** Or, while refinement converges fast, target estimated relative error of the solution. */
    errorTol: z.number().min(0).max(1e-2).default(1e-8),
    maxIterations: z.number().int().min(0).max(10_000).default(50),
  })
  .strict();

export type SolverOptions = z.input<typeof solverSchema>;

export interface Progress {
  stage: string;
  done: number;
  total: number;
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new KelmError('INVALID_OPTIONS', `invalid ${what}${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  return parsed.data;
}

/**
 * What every kernel fit (exact and Nystrom) starts with: check the features, labels and C, parse its options
 * and their solver, one-hot encode the labels.
 */
export function parseKernelFit<S extends z.ZodType<{ solver?: unknown }>>(
  x: FeatureMatrix,
  labels: ArrayLike<number>,
  options: { C: number; onProgress?: (p: Progress) => void },
  schema: S,
  what: string,
): { opts: z.output<S>; solver: z.output<typeof solverSchema>; classes: number[]; targets: Float64Array; onProgress: ((p: Progress) => void) | undefined } {
  checkFeatures(x);
  checkLabels(labels, x.rows);
  checkC(options?.C);
  const { onProgress, ...rest } = options;
  const opts = parseWith(schema, rest, what);
  const solver = parseWith(solverSchema, opts.solver, 'solver options');
  const { classes, targets } = encodeLabels(labels);
  return { opts, solver, classes, targets, onProgress };
}
