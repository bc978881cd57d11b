/**
 * Loads the optional native addon (native/kelm_native.c, built by `pnpm --filter @aelab/kelm build-native`) and
 * installs it as the solver behind `solver: { method: 'native' }`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KelmError } from '../errors.js';
import { gaussianRate, type Kernel } from '../kernels.js';
import { setNativeSolver, type NativeSolver } from '../native.js';

interface Addon {
  kelmSolve(x: Float32Array, n: number, d: number, y: Float64Array, c: number, kernel: number, p1: number, p2: number, p3: number, shift: number): [Float64Array, number, number, number, number];
}

/** Where node-gyp puts the addon: native/build/Release, beside src/ in the workspace and dist/ when published. */
export function nativeAddonPath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'native', 'build', 'Release', 'kelm_native.node');
}

function kernelArgs(kernel: Kernel): [number, number, number, number] {
  const rate = gaussianRate(kernel);
  if (rate !== null) return [1, rate, 0, 0];
  if (kernel.type === 'linear') return [0, 0, 0, 0];
  if (kernel.type === 'polynomial') return [2, kernel.scale, kernel.offset, kernel.degree];
  throw new KelmError('INVALID_OPTIONS', `the native solver has no kernel ${(kernel as { type: string }).type}`);
}

/** The addon's message carries its code as the error's `code` (N-API sets it): keep it a KelmError. */
function rethrow(err: unknown): never {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'NOT_POSITIVE_DEFINITE' || code === 'INVALID_ARGUMENT') throw new KelmError(code === 'INVALID_ARGUMENT' ? 'INVALID_OPTIONS' : code, message);
  throw new KelmError('NATIVE_UNAVAILABLE', `the native solver failed: ${message}`);
}

/**
 * Installs the native solver if the addon is built and loads; returns why not otherwise. Safe to call more than
 * once.
 */
export function useNativeSolver(): { ok: true; name: string } | { ok: false; reason: string } {
  const path = nativeAddonPath();
  if (!existsSync(path)) return { ok: false, reason: `the addon is not built (${path} is missing): run pnpm --filter @aelab/kelm build-native` };
  let addon: Addon;
  try {
    addon = createRequire(import.meta.url)(path) as Addon;
  } catch (err) {
    return { ok: false, reason: `the addon did not load: ${err instanceof Error ? err.message : String(err)}` };
  }
  const solver: NativeSolver = {
    name: 'OpenBLAS DSYRK + DPOSV (float64)',
    solve(x, n, d, targets, c, kernel, shift) {
      const [type, p1, p2, p3] = kernelArgs(kernel);
      try {
        const [beta, relativeResidual, matrix, factor, refine] = addon.kelmSolve(x, n, d, targets, c, type, p1, p2, p3, shift);
        return { beta, relativeResidual, timings: { matrix, factor, refine } };
      } catch (err) {
        rethrow(err);
      }
    },
  };
  setNativeSolver(solver);
  return { ok: true, name: solver.name };
}
