import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The functions of native/blas_native.c. Arrays are Float32Array views of the WASM heap; outputs are never inputs. */
export interface BlasAddon {
  /** out[i] = act(op(a[i])·op(b[i]) + bias); a side with batch 1 is broadcast. Flags are 0/1; act as in ACTIVATIONS. */
  gemm(a: Float32Array, b: Float32Array, out: Float32Array, batchA: number, batchB: number, m: number, n: number, k: number, transposeA: number, transposeB: number, bias: Float32Array | null, activation: number, alpha: number): void;
  /** One Adam step over every listed parameter (bias corrections folded into lrT and epsHat). */
  adam(w: Float32Array[], g: Float32Array[], m: Float32Array[], v: Float32Array[], wOut: Float32Array[], mOut: Float32Array[], vOut: Float32Array[], beta1: number, beta2: number, lrT: number, epsHat: number): void;
  /** out[0] = mean over n of BCE(labels, σ(logits)), summed in double. */
  bce(labels: Float32Array, logits: Float32Array, out: Float32Array, n: number): void;
  /** dLogits = (σ(l) - x)·scale and dLabels = -l·scale, one pass. */
  bceGrad(labels: Float32Array, logits: Float32Array, dLabels: Float32Array, dLogits: Float32Array, n: number, scale: number): void;
  /** out[j] = Σ_r x[r, j] of a row-major [rows, cols] matrix (cols = 1: the total, in double). */
  columnSums(x: Float32Array, out: Float32Array, rows: number, cols: number): void;
  /** out[r, j] = x[r, j] + bias[j] for a row-major [rows, cols] x. */
  addRows(x: Float32Array, bias: Float32Array, out: Float32Array, rows: number, cols: number): void;
  /** y[b] = x[b]·(mask[b] ∘ w): DropConnect's per-sample product without materialising the masked weights. */
  maskedProduct(x: Float32Array, w: Float32Array, mask: Float32Array, y: Float32Array, batch: number, inputs: number, units: number): void;
  /** maskedProduct's gradients in one pass over the masks; dx is skipped when null. */
  maskedProductGrad(x: Float32Array, w: Float32Array, mask: Float32Array, dy: Float32Array, dx: Float32Array | null, dw: Float32Array, batch: number, inputs: number, units: number): void;
  /**
   * NHWC convolution gradients by im2col + sgemm: mode 1 input gradient (dy, filter → dx), 2 filter gradient
   * (x, dy → dF). `geometry` describes the forward convolution, in blas_native.c's conv_geometry order.
   */
  conv(mode: 1 | 2, a: Float32Array, b: Float32Array, out: Float32Array, ...geometry: number[]): void;
  /** Each dy entry to the first largest input of its window (tf.js's choice); geometry as maxPoolGrad's C comment. */
  maxPoolGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, ...geometry: number[]): void;
  setThreads(threads: number): void;
  /** [threads, OpenBLAS build configuration, core type in use]. */
  info(): [number, string, string];
}

/** Activation codes of the addon's gemm, by tf.js's fused activation name. */
export const ACTIVATIONS: Readonly<Record<string, number>> = { linear: 0, relu: 1, sigmoid: 2, relu6: 3, elu: 4, leakyrelu: 5 };

/** Where node-gyp puts the addon: native/build/Release, four levels above this file in src/ and in dist/. */
export function blasAddonPath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'native', 'build', 'Release', 'blas_native.node');
}

/** Every function BlasAddon declares: an addon lacking one was built from an older source. */
export const ADDON_FUNCTIONS: readonly (keyof BlasAddon)[] = ['gemm', 'adam', 'bce', 'bceGrad', 'columnSums', 'addRows', 'maskedProduct', 'maskedProductGrad', 'conv', 'maxPoolGrad', 'setThreads', 'info'];

let cached: { ok: true; addon: BlasAddon } | { ok: false; reason: string } | undefined;

/** Loads the addon once per process, or says why it can't (not built, OpenBLAS missing at run time). */
export function loadBlasAddon(): { ok: true; addon: BlasAddon } | { ok: false; reason: string } {
  if (cached) return cached;
  const path = blasAddonPath();
  if (!existsSync(path)) {
    cached = { ok: false, reason: `the OpenBLAS addon is not built (${path} is missing): run pnpm --filter @aelab/core build-native` };
    return cached;
  }
  try {
    const addon = createRequire(import.meta.url)(path) as Record<string, unknown>;
    // An addon built from an older blas_native.c loads fine and then fails mid-run on a missing kernel.
    const missing = ADDON_FUNCTIONS.filter((name) => typeof addon[name] !== 'function');
    cached =
      missing.length === 0
        ? { ok: true, addon: addon as unknown as BlasAddon }
        : { ok: false, reason: `the OpenBLAS addon is out of date (it lacks ${missing.join(', ')}): run pnpm --filter @aelab/core build-native` };
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    const hint = /libopenblas/.test(message ?? '') ? ' (OpenBLAS is missing: apt-get install libopenblas-dev)' : '';
    cached = { ok: false, reason: `the OpenBLAS addon did not load${hint}: ${message}` };
  }
  return cached;
}
