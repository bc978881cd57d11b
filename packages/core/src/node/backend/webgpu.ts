import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { activateWebGpu, withTimeout, type GpuLike, type ProbeResult } from '../../backend/index.js';

/*
 * WebGPU in Node comes from the optional `webgpu` npm package (Google's Dawn). tfjs-backend-webgpu looks for
 * globalThis.navigator.gpu and the GPU* constants, so those are installed before the backend is imported.
 */

interface DawnModule {
  create(options: string[]): GpuLike;
  globals: Record<string, unknown>;
}

let dawn: Promise<DawnModule | string> | undefined;

function loadDawn(): Promise<DawnModule | string> {
  // A variable specifier keeps bundlers and the type checker away from the optional native package.
  const specifier = 'webgpu';
  dawn ??= (import(specifier) as Promise<DawnModule>).then(
    (mod) => mod,
    (err: unknown) => {
      const code = (err as { code?: string }).code;
      const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
      return code === 'ERR_MODULE_NOT_FOUND' && message.includes("'webgpu'")
        ? 'the optional "webgpu" package is not installed'
        : `the "webgpu" package failed to load its native library: ${message.slice(0, 300)}`;
    },
  );
  return dawn;
}

function installNavigatorGpu(gpu: GpuLike): void {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else if (!g.navigator.gpu) {
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  }
}

let gpuInstance: GpuLike | undefined;

/**
 * On Linux Dawn reaches GPUs only through Vulkan. Without the Vulkan loader there is no adapter to find, and
 * loading Dawn anyway prints a native warning on stderr, so we look for the loader first. Undefined when unsure.
 */
export function vulkanLoaderPresent(): boolean | undefined {
  if (process.platform !== 'linux') return undefined;
  const name = 'libvulkan.so.1';
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib'];
  if (dirs.some((dir) => existsSync(join(dir, name)))) return true;
  try {
    return readFileSync('/etc/ld.so.cache').includes(name);
  } catch {
    return undefined;
  }
}

export async function activateNodeWebGpu(adapterTimeoutMs = 5000): Promise<ProbeResult> {
  if ('webgpu' in tf.engine().registry) {
    return (await tf.setBackend('webgpu')) ? { ok: true } : { ok: false, reason: 'the WebGPU backend failed to initialise' };
  }
  if (vulkanLoaderPresent() === false) return { ok: false, reason: 'no Vulkan loader (libvulkan.so.1), so no GPU adapter for Dawn' };
  const mod = await loadDawn();
  if (typeof mod === 'string') return { ok: false, reason: mod };
  try {
    for (const [key, value] of Object.entries(mod.globals)) if (!(key in globalThis)) (globalThis as Record<string, unknown>)[key] = value;
    gpuInstance ??= mod.create([]);
    const adapter = await withTimeout(gpuInstance.requestAdapter({ powerPreference: 'high-performance' }), adapterTimeoutMs, null);
    if (!adapter) return { ok: false, reason: 'no WebGPU adapter found (no GPU, or no Vulkan/Metal/D3D12 driver)' };
    installNavigatorGpu(gpuInstance);
    return await activateWebGpu(adapter);
  } catch (err) {
    return { ok: false, reason: `WebGPU failed: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300)}` };
  }
}
