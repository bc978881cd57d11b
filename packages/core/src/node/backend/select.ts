import * as tf from '@tensorflow/tfjs';
import {
  activateWasm,
  cpuCandidate,
  listFrom,
  nodeAutoOrder,
  selectFrom,
  type BackendCandidate,
  type BackendReport,
  type BackendSelection,
  type WasmOptions,
} from '../../backend/index.js';
import { activateBlas } from './blas/activate.js';
import { activateNative } from './native.js';
import { findWasmDir } from './wasm-files.js';
import { nodeWasmThreadHooks } from './wasm-threads.js';
import { activateNodeWebGpu } from './webgpu.js';

export interface NodeBackendOptions {
  /**
   * XNNPACK threads for the WASM backend (default 1, or AELAB_WASM_THREADS). More than one uses tfjs-backend-wasm's
   * pthreads build through worker_threads; it only counts the first time WASM starts in a process.
   */
  wasmThreads?: number;
  /** Directory of the .wasm binaries; found from the installed package by default. */
  wasmDir?: string;
  /** OpenBLAS threads for the blas backend (default: AELAB_BLAS_THREADS, else every core). */
  blasThreads?: number;
  /** How long to wait for a GPU adapter before giving up on WebGPU. Default 5000 ms. */
  adapterTimeoutMs?: number;
}

function wasmOptions(options: NodeBackendOptions): WasmOptions {
  const threads = options.wasmThreads ?? (Number(process.env.AELAB_WASM_THREADS) || 1);
  const dir = options.wasmDir ?? findWasmDir();
  return { ...(dir ? { paths: dir } : {}), ...(nodeWasmThreadHooks(threads) ?? {}) };
}

/** Node's candidates, best first: native TensorFlow (GPU, CPU), WebGPU through Dawn, WASM with OpenBLAS, WASM, plain JS. */
export function nodeCandidates(options: NodeBackendOptions = {}): BackendCandidate[] {
  const cpu = cpuCandidate();
  return [
    { name: 'node-gpu', tfName: 'tensorflow', activate: () => activateNative('node-gpu') },
    { name: 'node', tfName: 'tensorflow', activate: () => activateNative('node') },
    {
      name: 'webgpu',
      tfName: 'webgpu',
      activate: async () => {
        const result = await activateNodeWebGpu(options.adapterTimeoutMs);
        if (result.ok) {
          // WebGPU under Node cannot read tensors back synchronously; work that must (the KELM solvers) runs on WASM
          // instead, which therefore starts now too, while WebGPU stays the active backend.
          await activateWasm(wasmOptions(options));
          await tf.setBackend('webgpu');
        }
        return result;
      },
    },
    { name: 'webgl', tfName: 'webgl', activate: () => Promise.resolve({ ok: false, reason: 'WebGL exists only in browsers' }) },
    { name: 'blas', tfName: 'blas', activate: () => activateBlas({ wasm: wasmOptions(options), ...(options.blasThreads !== undefined ? { threads: options.blasThreads } : {}) }) },
    { name: 'wasm', tfName: 'wasm', activate: () => activateWasm(wasmOptions(options)) },
    {
      ...cpu,
      activate: async () => {
        const result = await cpu.activate();
        // tfjs-backend-cpu prints an advert for tfjs-node on its first tensor; the choice was made on purpose here.
        if (result.ok) (tf.backend() as { firstUse?: boolean }).firstUse = false;
        return result;
      },
    },
  ];
}

/**
 * Makes the requested backend tf.js's active one and reports what was chosen and why each better candidate was
 * skipped. `auto` tries tfjs-node-gpu, tfjs-node, WebGPU, blas (WASM with OpenBLAS), WASM, CPU. A named backend that can't start throws
 * CoreError BACKEND_UNAVAILABLE; an unknown name throws INVALID_ARGUMENT.
 */
export function selectBackend(request = 'auto', options: NodeBackendOptions = {}): Promise<BackendSelection> {
  return selectFrom(request, nodeCandidates(options), nodeAutoOrder);
}

/** Every backend with its availability (and why not), plus what `auto` picks, which is left active. */
export function listBackends(options: NodeBackendOptions = {}): Promise<BackendReport> {
  return listFrom(nodeCandidates(options), nodeAutoOrder);
}
