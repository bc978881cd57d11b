import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { WEIGHT_NORM_GRAD_KERNEL, WEIGHT_NORM_KERNEL } from '../fused/weight-norm.js';
import { sizeOf, type WasmBackend } from './kernel-utils.js';

/*
 * weightNorm's kernels on WASM's heap: one JavaScript pass each way (the JIT's loop over a Float32Array beats the
 * backend's elementwise kernels several times over, and no temporaries are allocated). The sum is kept in float64.
 */

function heap(backend: WasmBackend, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

const weightNorm: KernelFunc = ({ inputs, backend, attrs }) => {
  const be = backend as WasmBackend;
  const info = (inputs as { w: TensorInfo }).w;
  const w = heap(be, info);
  const n = sizeOf(info.shape);
  let total = 0;
  if ((attrs as { p: number }).p === 1) for (let i = 0; i < n; i++) total += Math.abs(w[i]!);
  else for (let i = 0; i < n; i++) total += w[i]! * w[i]!;
  return be.makeOutput([], 'float32', undefined, Float32Array.of(total));
};

const weightNormGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const be = backend as WasmBackend;
  const { w, dy } = inputs as { w: TensorInfo; dy: TensorInfo };
  const out = be.makeOutput([...w.shape], 'float32');
  // Heap views after the last allocation: growing the heap detaches earlier ones.
  const [g, x] = [heap(be, out), heap(be, w)];
  const n = sizeOf(w.shape);
  const scale = heap(be, dy)[0]!;
  if ((attrs as { p: number }).p === 1) {
    // Branch-free: a branch on the sign of random weights is mispredicted half the time (4-5x slower).
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      g[i] = (+(v > 0) - +(v < 0)) * scale;
    }
  } else {
    const twice = 2 * scale;
    for (let i = 0; i < n; i++) g[i] = x[i]! * twice;
  }
  return out;
};

/** The kernels weightNorm looks for, on WASM (and, copied from there, on blas). */
export const wasmWeightNormConfigs: KernelConfig[] = [
  { kernelName: WEIGHT_NORM_KERNEL, backendName: 'wasm', kernelFunc: weightNorm },
  { kernelName: WEIGHT_NORM_GRAD_KERNEL, backendName: 'wasm', kernelFunc: weightNormGrad },
];
