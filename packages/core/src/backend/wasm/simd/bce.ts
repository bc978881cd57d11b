import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { BCE_GRAD_KERNEL, BCE_KERNEL } from '../../fused/bce.js';
import { sizeOf, type WasmBackend } from '../kernel-utils.js';
import { BCE_WASM, BCE_WASM_SHARED } from './bce-wasm.js';
import { kernelsOn } from './instance.js';

/*
 * meanBceWithLogits's two kernels on WASM (bce.wat): the loss in one pass and both gradients in another, instead of
 * WASM's scalar Softplus and ~10 elementwise kernels. Elements past the last multiple of 4, and everything where
 * WebAssembly SIMD is missing, are done here in JavaScript (float64).
 */

interface BceExports {
  bce_sum(labels: number, logits: number, vecs: number): number;
  bce_grad(labels: number, logits: number, dLabels: number, dLogits: number, vecs: number, scale: number): void;
}

function heap(backend: WasmBackend, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/** softplus(l) - x·l = max(l, 0) - x·l + log(1 + e^-|l|) */
function bceTerm(x: number, l: number): number {
  return Math.max(l, 0) - x * l + Math.log1p(Math.exp(-Math.abs(l)));
}

const bce: KernelFunc = ({ inputs, backend }) => {
  const be = backend as WasmBackend;
  const { labels, logits } = inputs as { labels: TensorInfo; logits: TensorInfo };
  const n = sizeOf(logits.shape);
  const k = kernelsOn<BceExports>(be, BCE_WASM, BCE_WASM_SHARED);
  const x = heap(be, labels);
  const l = heap(be, logits);
  const vecs = k ? n >> 2 : 0;
  let total = vecs > 0 ? k!.bce_sum(x.byteOffset, l.byteOffset, vecs) : 0;
  for (let i = 4 * vecs; i < n; i++) total += bceTerm(x[i]!, l[i]!);
  return be.makeOutput([], 'float32', undefined, Float32Array.of(total / n));
};

const bceGrad: KernelFunc = ({ inputs, backend }) => {
  const be = backend as WasmBackend;
  const { labels, logits, dy } = inputs as { labels: TensorInfo; logits: TensorInfo; dy: TensorInfo };
  const n = sizeOf(logits.shape);
  const outs = [be.makeOutput([...labels.shape], 'float32'), be.makeOutput([...logits.shape], 'float32')] as const;
  // Heap views after the last allocation.
  const [x, l, gx, gl] = [labels, logits, ...outs].map((t) => heap(be, t)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const scale = heap(be, dy)[0]! / n;
  const k = kernelsOn<BceExports>(be, BCE_WASM, BCE_WASM_SHARED);
  const vecs = k ? n >> 2 : 0;
  if (vecs > 0) k!.bce_grad(x.byteOffset, l.byteOffset, gx.byteOffset, gl.byteOffset, vecs, scale);
  for (let i = 4 * vecs; i < n; i++) {
    const li = l[i]!;
    const e = Math.exp(-Math.abs(li));
    gl[i] = ((li >= 0 ? 1 : e) / (1 + e) - x[i]!) * scale;
    gx[i] = -li * scale;
  }
  return [...outs];
};

/** The kernels meanBceWithLogits looks for, on WASM. */
export const wasmBceConfigs: KernelConfig[] = [
  { kernelName: BCE_KERNEL, backendName: 'wasm', kernelFunc: bce },
  { kernelName: BCE_GRAD_KERNEL, backendName: 'wasm', kernelFunc: bceGrad },
];
