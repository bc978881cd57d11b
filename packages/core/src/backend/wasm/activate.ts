import * as tf from '@tensorflow/tfjs';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';
import type { ProbeResult } from '../types.js';
import { errorMessage } from '../webgpu.js';
import { patchWasmKernels } from './patch.js';

export type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

export interface WasmOptions {
  /** Where the .wasm binaries are: a prefix ending in '/' (URL in a browser, directory in Node) or one URL per file. */
  paths?: string | Partial<Record<WasmBinaryName, string>>;
  /** XNNPACK threads, when the runtime can give them (cross-origin isolated pages; Node through @aelab/core/node). */
  threads?: number;
  /**
   * Runs just before the first initialisation and returns an undo run just after (Node uses it to provide
   * pthread workers). Ignored once the backend is initialised.
   */
  beforeInit?: () => (() => void) | undefined;
  /** Runs once right after the first successful initialisation, with the emscripten module. */
  afterInit?: (module: unknown) => void;
}

/**
 * Makes tfjs-backend-wasm the active backend (initialising it on first use) with aelab's kernel fixes installed.
 * Initialisation happens once per process: paths and threads only count on the first call.
 */
export async function activateWasm(options: WasmOptions = {}): Promise<ProbeResult> {
  if ((globalThis as { WebAssembly?: unknown }).WebAssembly === undefined) return { ok: false, reason: 'WebAssembly is not available in this runtime' };
  let mod: typeof TfWasm;
  try {
    mod = await import('@tensorflow/tfjs-backend-wasm');
  } catch (err) {
    return { ok: false, reason: `could not load @tensorflow/tfjs-backend-wasm: ${errorMessage(err)}` };
  }
  // Patch before the first initialisation too, so the engine runs our kernels from the start.
  patchWasmKernels();
  const first = !('wasm' in tf.engine().registry);
  let undo: (() => void) | undefined;
  let ok = false;
  let failure = '';
  try {
    if (first) {
      if (options.paths !== undefined) mod.setWasmPaths(options.paths);
      if (options.threads !== undefined) mod.setThreadsCount(options.threads);
      undo = options.beforeInit?.();
    }
    ok = await tf.setBackend('wasm');
  } catch (err) {
    failure = errorMessage(err);
  } finally {
    undo?.();
  }
  if (!ok) return { ok: false, reason: `the WASM backend failed to initialise${failure ? `: ${failure}` : ' (are the .wasm files where setWasmPaths says?)'}` };
  const backend = tf.backend() as unknown as { wasm: unknown };
  if (first) options.afterInit?.(backend.wasm);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = mod.getThreadsCount();
  return { ok: true, detail: `SIMD ${simd ? 'on' : 'off'}, ${threads} thread${threads === 1 ? '' : 's'}` };
}
