/**
 * The hook for an optional native exact-KELM solver (float64 BLAS/LAPACK). The main entry stays browser-safe and
 * knows only this interface; `@aelab/kelm/node`'s `useNativeSolver()` installs the addon when it is built.
 */
import { KelmError } from './errors.js';
import type { Kernel } from './kernels.js';

export interface NativeSolver {
  /** A description for reports, e.g. "OpenBLAS DSYRK + DPOSV". */
  readonly name: string;
  /**
   * beta (n x c row-major) for (K(X, X) + shift I) beta = targets, the solve's relative residual, and seconds spent
   * forming K, factoring and solving, and checking the residual.
   */
  solve(
    x: Float32Array,
    n: number,
    d: number,
    targets: Float64Array,
    c: number,
    kernel: Kernel,
    shift: number,
  ): { beta: Float64Array; relativeResidual: number; timings: { matrix: number; factor: number; refine: number } };
}

let installed: NativeSolver | null = null;

export function setNativeSolver(solver: NativeSolver | null): void {
  installed = solver;
}

export function nativeSolver(): NativeSolver {
  if (!installed) {
    throw new KelmError(
      'NATIVE_UNAVAILABLE',
      "solver method 'native' needs the optional addon: build it with `pnpm --filter @aelab/kelm build-native` (needs a C compiler and OpenBLAS, e.g. Debian's libopenblas-dev) and call useNativeSolver() from @aelab/kelm/node",
    );
  }
  return installed;
}
