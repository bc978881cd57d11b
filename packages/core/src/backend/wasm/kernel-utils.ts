import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { CoreError } from '../../errors.js';

/** The subset of BackendWasm our kernels use; typed structurally so the main entry needs no runtime import of it. */
export type WasmBackend = Pick<BackendWasm, 'makeOutput' | 'disposeData' | 'typedArrayFromHeap'>;

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** tf.js's registered kernel, or a clear error when the WASM backend module has not been loaded. */
export function requireKernel(kernelName: string, backendName = 'wasm'): KernelConfig {
  const config = tf.getKernel(kernelName, backendName) as KernelConfig | undefined;
  if (!config) throw new CoreError('BACKEND_UNAVAILABLE', `kernel ${kernelName} is not registered for the ${backendName} backend`);
  return config;
}

/** A same-data view with another shape. The original keeps ownership; never dispose a view. */
export function view(x: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

export function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/** Runs a kernel function and returns its single output. */
export function runSingle(kernel: KernelFunc, inputs: Record<string, TensorInfo>, backend: WasmBackend, attrs: Record<string, unknown> = {}): TensorInfo {
  const out = kernel({ inputs, backend, attrs: attrs as tf.NamedAttrMap });
  if (Array.isArray(out)) throw new CoreError('NOT_SUPPORTED', 'expected a kernel with one output');
  return out;
}

/** Frees intermediates made inside a kernel (they never reach the engine's bookkeeping). */
export function disposeInfos(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
