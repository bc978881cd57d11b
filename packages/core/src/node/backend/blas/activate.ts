import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { activateWasm, type ProbeResult, type WasmOptions } from '../../../backend/index.js';
import { loadBlasAddon } from './addon.js';
import { BLAS_BACKEND, registerBlasKernels } from './kernels.js';

export interface BlasOptions {
  /** OpenBLAS threads (default: AELAB_BLAS_THREADS, else every core). May be changed on every activation. */
  threads?: number;
  /** How to start the WASM backend `blas` is built on. */
  wasm?: WasmOptions;
}

export function defaultBlasThreads(): number {
  return Number(process.env.AELAB_BLAS_THREADS) || availableParallelism();
}

/**
 * Makes `blas` tf.js's active backend: the WASM backend's own instance (so tensors move freely between the two
 * names without copies) with its matrix products and Adam step on OpenBLAS. Never throws; says why not instead.
 */
export async function activateBlas(options: BlasOptions = {}): Promise<ProbeResult> {
  const loaded = loadBlasAddon();
  if (!loaded.ok) return { ok: false, reason: loaded.reason };
  const wasm = await activateWasm(options.wasm);
  if (!wasm.ok) return { ok: false, reason: `the WASM backend it builds on is not available: ${wasm.reason}` };
  const instance = tf.findBackend('wasm');
  if (!instance) return { ok: false, reason: 'the WASM backend started but is not registered' };
  registerBlasKernels(loaded.addon);
  // Lowest priority: tf.js must never pick it on its own; only selectBackend does.
  if (!tf.findBackendFactory(BLAS_BACKEND)) tf.registerBackend(BLAS_BACKEND, () => tf.findBackend('wasm')!, -1);
  const threads = options.threads ?? defaultBlasThreads();
  loaded.addon.setThreads(threads);
  if (!(await tf.setBackend(BLAS_BACKEND))) return { ok: false, reason: 'tf.js could not switch to the blas backend' };
  const [actual, config, core] = loaded.addon.info();
  const version = /OpenBLAS [\d.]+/.exec(config)?.[0] ?? 'OpenBLAS';
  return { ok: true, detail: `${version} (${core}), ${actual} thread${actual === 1 ? '' : 's'}; other kernels on WASM: ${wasm.detail ?? ''}` };
}
