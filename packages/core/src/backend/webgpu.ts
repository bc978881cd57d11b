import * as tf from '@tensorflow/tfjs';
import type * as TfWebGpu from '@tensorflow/tfjs-backend-webgpu';
import type { ProbeResult } from './types.js';

/*
 * Minimal structural types of the WebGPU objects we touch, so the package needs no @webgpu/types: the browser's
 * navigator.gpu and the `webgpu` npm package (Dawn) in Node both fit them.
 */
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}
export interface GpuAdapterLike {
  features: { has(name: string): boolean };
  limits: Record<string, unknown>;
  info?: GpuAdapterInfoLike;
  requestDevice(descriptor?: Record<string, unknown>): Promise<unknown>;
}
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null>;
}

/** Resolves to `fallback` when `promise` takes longer than `ms` (a hung driver must not hang backend selection). */
export function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

export function describeAdapter(info: GpuAdapterInfoLike | undefined): string {
  if (!info) return 'WebGPU adapter';
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return parts.length > 0 ? parts.join(' ') : 'WebGPU adapter';
}

export function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.slice(0, 300);
}

/** The same limits tfjs-backend-webgpu asks for: its shaders assume the adapter's maxima. */
const limitNames = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
];

/**
 * Makes tfjs-backend-webgpu the active backend on `adapter`. The global `navigator.gpu` must already be set
 * (the backend module checks it when imported and when constructed). We register our own factory on the adapter
 * that was probed rather than rely on the module's, which only registers itself if navigator.gpu existed at
 * import time and asks for an adapter again.
 */
export async function activateWebGpu(adapter: GpuAdapterLike): Promise<ProbeResult> {
  let mod: typeof TfWebGpu;
  try {
    mod = await import('@tensorflow/tfjs-backend-webgpu');
  } catch (err) {
    return { ok: false, reason: `could not load @tensorflow/tfjs-backend-webgpu: ${errorMessage(err)}` };
  }
  // tf.findBackend would start initialising a registered factory; the registry maps are side-effect free.
  if (!('webgpu' in tf.engine().registry)) {
    if ('webgpu' in tf.engine().registryFactory) tf.removeBackend('webgpu');
    tf.registerBackend(
      'webgpu',
      async () => {
        const requiredFeatures = ['timestamp-query', 'bgra8unorm-storage'].filter((f) => adapter.features.has(f));
        const requiredLimits: Record<string, unknown> = {};
        for (const name of limitNames) if (adapter.limits[name] !== undefined) requiredLimits[name] = adapter.limits[name];
        const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
        return new mod.WebGPUBackend(device as never, adapter.info as never);
      },
      3,
    );
  }
  try {
    if (!(await tf.setBackend('webgpu'))) return { ok: false, reason: 'the WebGPU backend failed to initialise' };
  } catch (err) {
    return { ok: false, reason: `the WebGPU backend failed to initialise: ${errorMessage(err)}` };
  }
  return { ok: true, detail: describeAdapter(adapter.info) };
}
