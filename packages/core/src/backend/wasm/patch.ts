import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { createConv2D } from './conv2d.js';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { requireKernel } from './kernel-utils.js';
import { createBatchMatMul, createFusedMatMul } from './matmul.js';
import { createCast, createIdentity } from './identity.js';
import { wasmBceConfigs } from './simd/bce.js';
import { createAdd, createSum } from './simd/rows.js';
import { wasmWeightNormConfigs } from './weight-norm.js';

/** Kernels the WASM backend registered itself, kept so the patches can be undone (tests compare both). */
const originals = new Map<string, KernelConfig>();
const ours = new WeakSet<KernelFunc>();

function replace(kernelName: string, make: (original: KernelConfig) => KernelFunc): void {
  const current = tf.getKernel(kernelName, 'wasm') as KernelConfig | undefined;
  if (!current || ours.has(current.kernelFunc)) return;
  originals.set(kernelName, current);
  const kernelFunc = make(current);
  ours.add(kernelFunc);
  // The original setupFunc stays: it binds the C++ entry point the wrapped kernel still calls.
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ ...current, kernelFunc });
}

/** Kernels of tfjs-backend-wasm that aelab replaces. */
const PATCHED = ['BatchMatMul', '_FusedMatMul', 'Conv2D', 'Conv2DBackpropInput', 'MaxPoolGrad', 'Add', 'Sum', 'Identity', 'Cast'];

/** Kernels aelab adds to WASM (tfjs-backend-wasm has none of these names). */
const added: KernelConfig[] = [conv2dBackpropFilterConfig, ...wasmBceConfigs, ...wasmWeightNormConfigs];

/**
 * Installs aelab's WASM kernel fixes (idempotent): BatchMatMul and _FusedMatMul through XNNPACK for transposed and
 * batched operands, the missing Conv2DBackpropFilter, faster Conv2D (few filters), Conv2DBackpropInput and MaxPoolGrad
 * (SIMD loops in simd/conv.wat), bias adds and bias gradients (Add, Sum: simd/rows.wat), meanBceWithLogits's kernels (simd/bce.wat), the weight penalties' norms (weight-norm.ts),
 * and Identity and same-dtype Cast without copies. Needs the WASM backend module loaded (its kernels registered);
 * works before or after the backend is initialised. Returns the kernel names now patched.
 */
export function patchWasmKernels(): string[] {
  const transpose = () => requireKernel('Transpose').kernelFunc;
  replace('BatchMatMul', (original) => createBatchMatMul(original.kernelFunc, transpose()));
  replace('_FusedMatMul', (original) => createFusedMatMul(original.kernelFunc, transpose()));
  // Conv autoencoders: the transposed convolutions and the input and pooling gradients through SIMD loops (or, where
  // those do not fit, XNNPACK's GEMM or one JavaScript pass) instead of the backend's loop nests.
  replace('Conv2D', (original) => createConv2D(original.kernelFunc));
  replace('Conv2DBackpropInput', () => conv2dBackpropInputConfig.kernelFunc);
  replace('MaxPoolGrad', () => maxPoolGradConfig.kernelFunc);
  replace('Add', (original) => createAdd(original.kernelFunc));
  replace('Sum', (original) => createSum(original.kernelFunc));
  replace('Identity', (original) => createIdentity(original.kernelFunc));
  replace('Cast', (original) => createCast(original.kernelFunc, (args) => requireKernel('Identity').kernelFunc(args)));
  for (const config of added) {
    if (tf.getKernel(config.kernelName, 'wasm')) continue;
    tf.registerKernel(config);
    ours.add(config.kernelFunc);
  }
  return wasmPatchStatus();
}

/** Restores the WASM backend's own kernels (and removes the added ones). */
export function unpatchWasmKernels(): void {
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
  originals.clear();
  for (const { kernelName } of added) {
    const config = tf.getKernel(kernelName, 'wasm') as KernelConfig | undefined;
    if (config && ours.has(config.kernelFunc)) tf.unregisterKernel(kernelName, 'wasm');
  }
}

/** Names of the WASM kernels currently replaced or added by aelab. */
export function wasmPatchStatus(): string[] {
  return [...PATCHED, ...added.map((c) => c.kernelName)].filter((name) => {
    const config = tf.getKernel(name, 'wasm') as KernelConfig | undefined;
    return config !== undefined && ours.has(config.kernelFunc);
  });
}
