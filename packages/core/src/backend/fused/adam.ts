import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from '../wasm/kernel-utils.js';
import { adamSimdFor, isWasmMemory, type AdamSimd } from './adam-simd.js';

/*
 * One Adam step as a single pass over the weights: tf.train.adam spends ~15 elementwise kernels per variable, each
 * a full sweep of memory, which on WASM/CPU costs as much as a sizeable part of the matrix products. The CPU-side
 * backends get a JavaScript loop over the raw buffers; other backends (WebGPU, tfjs-node) the same formula in ops.
 * The kernel never writes in place: WASM caches packed weights by tensor id, so updated weights need fresh ids.
 */

export const ADAM_KERNEL = 'AelabAdamUpdate';
/**
 * Adam over many parameters in one kernel call (backends that register it: `blas`). Inputs w0, g0, m0, v0, w1, ...;
 * outputs w0', m0', v0', w1', ...; attrs as ADAM_KERNEL's plus `count`.
 */
export const ADAM_ALL_KERNEL = 'AelabAdamUpdateAll';

export interface AdamParams {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1-based step number, for the bias corrections. */
  step: number;
}

interface Attrs {
  lrT: number;
  epsHat: number;
  beta1: number;
  beta2: number;
}

/**
 * The bias corrections folded into two scalars, as in Kingma & Ba (section 2): w -= lr_t·m / (√v + ε̂) with
 * lr_t = lr·√(1-β2^t)/(1-β1^t) and ε̂ = ε·√(1-β2^t). Algebraically the same as tf.train.adam's update.
 */
function attrsOf(p: AdamParams): Attrs {
  const c2 = Math.sqrt(1 - p.beta2 ** p.step);
  return { lrT: (p.learningRate * c2) / (1 - p.beta1 ** p.step), epsHat: p.epsilon * c2, beta1: p.beta1, beta2: p.beta2 };
}

function update(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, wOut: Float32Array, mOut: Float32Array, vOut: Float32Array, a: Attrs): void {
  const { beta1, beta2, lrT, epsHat } = a;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const mi = beta1 * m[i]! + c1 * gi;
    const vi = beta2 * v[i]! + c2 * gi * gi;
    mOut[i] = mi;
    vOut[i] = vi;
    wOut[i] = w[i]! - (lrT * mi) / (Math.sqrt(vi) + epsHat);
  }
}

/** The SIMD routine on the backend's own memory (its emscripten builds keep the Memory under different names). */
function simdFor(backend: unknown): AdamSimd | null {
  const module = (backend as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  return isWasmMemory(memory) ? adamSimdFor(memory) : null;
}

/** One variable's update on WASM into freshly made outputs: the SIMD routine, and JavaScript for the last < 4. */
function updateOnWasm(be: WasmBackend, backend: unknown, [w, g, m, v]: readonly TensorInfo[], outs: readonly TensorInfo[], a: Attrs): void {
  // Views after the allocations: a heap growth detaches earlier ones.
  const views = [w!, g!, m!, v!, ...outs].map((t) => be.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const simd = simdFor(backend);
  const n = views[0].length;
  const vectorised = simd ? n - (n % 4) : 0;
  if (simd && vectorised > 0) simd(...(views.map((x) => x.byteOffset) as [number, number, number, number, number, number, number]), vectorised, a.beta1, a.beta2, a.lrT, a.epsHat);
  if (vectorised < n) update(...(views.map((x) => x.subarray(vectorised)) as typeof views), a);
}

function makeOutputs(be: WasmBackend, w: TensorInfo): TensorInfo[] {
  return [be.makeOutput([...w.shape], 'float32'), be.makeOutput([...w.shape], 'float32'), be.makeOutput([...w.shape], 'float32')];
}

const wasmKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const be = backend as WasmBackend;
  const { w, g, m, v } = inputs as Record<'w' | 'g' | 'm' | 'v', TensorInfo>;
  const outs = makeOutputs(be, w);
  updateOnWasm(be, backend, [w, g, m, v], outs, attrs as unknown as Attrs);
  return outs;
};

/** Every variable in one kernel call: the per-call overhead of ~8 calls a step was most of Adam's time on small models. */
const wasmAllKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const be = backend as WasmBackend;
  const a = attrs as unknown as Attrs & { count: number };
  const named = inputs as Record<string, TensorInfo>;
  const params = Array.from({ length: a.count }, (_, i) => [named[`w${i}`]!, named[`g${i}`]!, named[`m${i}`]!, named[`v${i}`]!] as const);
  const outs = params.map(([w]) => makeOutputs(be, w));
  params.forEach((p, i) => updateOnWasm(be, backend, p, outs[i]!, a));
  return outs.flat();
};

interface CpuBackendLike {
  data: { get(dataId: unknown): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

const cpuKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const be = backend as CpuBackendLike;
  const { w, g, m, v } = inputs as Record<'w' | 'g' | 'm' | 'v', TensorInfo>;
  const values = (t: TensorInfo) => be.data.get(t.dataId).values;
  const n = values(w).length;
  const [wOut, mOut, vOut] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  update(values(w), values(g), values(m), values(v), wOut, mOut, vOut, attrs as unknown as Attrs);
  return [be.makeTensorInfo([...w.shape], 'float32', wOut), be.makeTensorInfo([...w.shape], 'float32', mOut), be.makeTensorInfo([...w.shape], 'float32', vOut)];
};

const configs: KernelConfig[] = [
  { kernelName: ADAM_KERNEL, backendName: 'wasm', kernelFunc: wasmKernel },
  { kernelName: ADAM_ALL_KERNEL, backendName: 'wasm', kernelFunc: wasmAllKernel },
  { kernelName: ADAM_KERNEL, backendName: 'cpu', kernelFunc: cpuKernel },
];

function ensureRegistered(): void {
  for (const config of configs) if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
}

/** How adamUpdate runs on the active backend: one SIMD pass, a JavaScript loop, or ~12 ordinary ops. */
export function adamUpdatePath(): 'wasm-simd' | 'js-loop' | 'ops' {
  const name = tf.getBackend();
  if (name === 'wasm') return simdFor(tf.backend()) ? 'wasm-simd' : 'js-loop';
  return name === 'cpu' ? 'js-loop' : 'ops';
}

/** New weights and moments after one Adam step. Float32 tensors of one shape; inputs are not modified. */
export function adamUpdate(w: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, params: AdamParams): { w: tf.Tensor; m: tf.Tensor; v: tf.Tensor } {
  ensureRegistered();
  const attrs = attrsOf(params);
  if (tf.getKernel(ADAM_KERNEL, tf.getBackend())) {
    const [w2, m2, v2] = tf.engine().runKernel(ADAM_KERNEL, { w, g, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    return { w: w2!, m: m2!, v: v2! };
  }
  return tf.tidy(() => {
    const m2 = tf.add(tf.mul(m, attrs.beta1), tf.mul(g, 1 - attrs.beta1));
    const v2 = tf.add(tf.mul(v, attrs.beta2), tf.mul(tf.square(g), 1 - attrs.beta2));
    const w2 = tf.sub(w, tf.div(tf.mul(m2, attrs.lrT), tf.add(tf.sqrt(v2), attrs.epsHat)));
    return { w: w2, m: m2, v: v2 };
  });
}

/**
 * adamUpdate for every parameter i of the lists (same lengths): one kernel call on backends with ADAM_ALL_KERNEL
 * (`wasm`, `blas`), where the per-call overhead of ~2 kernels per variable would otherwise add up; one adamUpdate
 * each elsewhere.
 */
export function adamUpdateAll(w: tf.Tensor[], g: tf.Tensor[], m: tf.Tensor[], v: tf.Tensor[], params: AdamParams): { w: tf.Tensor; m: tf.Tensor; v: tf.Tensor }[] {
  ensureRegistered();
  if (w.length === 0 || !tf.getKernel(ADAM_ALL_KERNEL, tf.getBackend())) return w.map((wi, i) => adamUpdate(wi, g[i]!, m[i]!, v[i]!, params));
  const inputs: tf.NamedTensorMap = {};
  w.forEach((wi, i) => Object.assign(inputs, { [`w${i}`]: wi, [`g${i}`]: g[i]!, [`m${i}`]: m[i]!, [`v${i}`]: v[i]! }));
  const attrs = { ...attrsOf(params), count: w.length };
  const outs = tf.engine().runKernel(ADAM_ALL_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return w.map((_, i) => ({ w: outs[3 * i]!, m: outs[3 * i + 1]!, v: outs[3 * i + 2]! }));
}

/**
 * Adam over a fixed list of variables with one fused kernel per variable. Same maths and defaults as
 * tf.train.adam(learningRate, 0.9, 0.999, 1e-7); moments live in plain variables of the same shapes.
 */
export class FusedAdam {
  private readonly moments: { m: tf.Variable; v: tf.Variable }[];
  private step = 0;

  constructor(
    private readonly variables: tf.Variable[],
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    // tidy frees the zero tensors; the variables keep their own reference to the data.
    this.moments = tf.tidy(() => variables.map((x) => ({ m: tf.variable(tf.zerosLike(x), false), v: tf.variable(tf.zerosLike(x), false) })));
  }

  /** Applies gradients given in the order of the constructor's variables (and leaves them to the caller). */
  apply(gradients: tf.Tensor[]): void {
    this.step++;
    const params = { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, step: this.step };
    this.variables.forEach((variable, i) => {
      const slot = this.moments[i]!;
      const next = adamUpdate(variable, gradients[i]!, slot.m, slot.v, params);
      variable.assign(next.w);
      slot.m.assign(next.m);
      slot.v.assign(next.v);
      tf.dispose([next.w, next.m, next.v]);
    });
  }

  dispose(): void {
    for (const slot of this.moments) tf.dispose([slot.m, slot.v]);
  }
}
