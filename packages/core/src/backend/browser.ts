import * as tf from '@tensorflow/tfjs';
import { listFrom, selectFrom, type BackendReport } from './select.js';
import { browserAutoOrder, type BackendCandidate, type BackendSelection, type ProbeResult } from './types.js';
import { activateWasm, type WasmOptions } from './wasm/activate.js';
import { activateWebGpu, errorMessage, withTimeout, type GpuLike } from './webgpu.js';

export interface BrowserBackendOptions {
  /** Where the WASM binaries are served from (e.g. URLs from a bundler's `?url` imports). */
  wasm?: WasmOptions;
  /** How long to wait for a GPU adapter before giving up on WebGPU. Default 5000 ms. */
  adapterTimeoutMs?: number;
}

async function activateTfBackend(name: string, missing: string): Promise<ProbeResult> {
  if (!(name in tf.engine().registryFactory)) return { ok: false, reason: missing };
  try {
    return (await tf.setBackend(name)) ? { ok: true } : { ok: false, reason: `the ${name} backend failed to initialise` };
  } catch (err) {
    return { ok: false, reason: `the ${name} backend failed to initialise: ${errorMessage(err)}` };
  }
}

/** The CPU backend: plain JavaScript, always there. */
export function cpuCandidate(): BackendCandidate {
  return { name: 'cpu', tfName: 'cpu', activate: () => activateTfBackend('cpu', 'the cpu backend is not registered') };
}

/** The browser's candidates: its own WebGPU, WebGL (registered by @tensorflow/tfjs in browsers), WASM, CPU. */
export function browserCandidates(options: BrowserBackendOptions = {}): BackendCandidate[] {
  return [
    {
      name: 'webgpu',
      tfName: 'webgpu',
      activate: async () => {
        const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
        if (!gpu) return { ok: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
        try {
          const adapter = await withTimeout(gpu.requestAdapter({ powerPreference: 'high-performance' }), options.adapterTimeoutMs ?? 5000, null);
          if (!adapter) return { ok: false, reason: 'no WebGPU adapter found' };
          return await activateWebGpu(adapter);
        } catch (err) {
          return { ok: false, reason: `WebGPU adapter request failed: ${errorMessage(err)}` };
        }
      },
    },
    { name: 'webgl', tfName: 'webgl', activate: () => activateTfBackend('webgl', 'WebGL is not available here') },
    { name: 'wasm', tfName: 'wasm', activate: () => activateWasm(options.wasm) },
    cpuCandidate(),
  ];
}

/** selectBackend for the web app: `auto` tries WebGPU, WebGL, WASM, then CPU. */
export function selectBrowserBackend(request = 'auto', options: BrowserBackendOptions = {}): Promise<BackendSelection> {
  return selectFrom(request, browserCandidates(options), browserAutoOrder);
}

/** Every browser backend, available or not and why, plus what `auto` picks (left active). */
export function listBrowserBackends(options: BrowserBackendOptions = {}): Promise<BackendReport> {
  return listFrom(browserCandidates(options), browserAutoOrder);
}
