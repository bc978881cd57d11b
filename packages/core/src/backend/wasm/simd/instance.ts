import { isWasmMemory } from '../../fused/adam-simd.js';

/*
 * aelab's WASM SIMD kernels (the .wat files here, embedded by tools/src/scripts/build-wasm.ts) import
 * tfjs-backend-wasm's own memory, so they read and write tensors where they live: a kernel's arguments are byte
 * offsets of heap views. One instance per memory and module; null where WebAssembly SIMD is missing (the callers
 * then keep their JavaScript or XNNPACK paths).
 */

interface MemoryLike {
  buffer: ArrayBufferLike;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
const modules = new Map<string, object | null>();
const instances = new WeakMap<object, Map<string, Record<string, unknown> | null>>();

/** The backend's WebAssembly.Memory (its emscripten builds keep it under different names), or null. */
export function backendMemory(backend: unknown): MemoryLike | null {
  const module = (backend as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } } | null)?.wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  return isWasmMemory(memory) ? memory : null;
}

function compile(base64: string): object | null {
  let module = modules.get(base64);
  if (module === undefined) {
    try {
      // A few kilobytes: synchronous compilation is allowed on a browser's main thread too.
      module = new wasmApi!.Module(Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0)));
    } catch {
      module = null;
    }
    modules.set(base64, module);
  }
  return module;
}

/**
 * The exports of the module (`plain`, or `shared` when the backend's memory is shared: the pthreads build) bound to
 * the backend's memory, or null where that cannot be.
 */
export function kernelsOn<T>(backend: unknown, plain: string, shared: string): T | null {
  if (!wasmApi) return null;
  const memory = backendMemory(backend);
  if (!memory) return null;
  let byModule = instances.get(memory);
  if (!byModule) instances.set(memory, (byModule = new Map()));
  let exports = byModule.get(plain);
  if (exports === undefined) {
    exports = null;
    const isShared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const module = compile(isShared ? shared : plain);
    try {
      if (module) exports = new wasmApi.Instance(module, { env: { memory } }).exports;
    } catch {
      exports = null;
    }
    byModule.set(plain, exports);
  }
  return exports as T | null;
}
