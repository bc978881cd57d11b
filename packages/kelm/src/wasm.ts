/**
 * Compiling and instantiating the package's small embedded WASM SIMD kernels (the .wat files beside their users),
 * with plain JS as the fallback wherever WebAssembly or its SIMD instructions are missing.
 */

/** The slice of the WebAssembly API used here (the package builds without DOM or WebAssembly typings). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

export interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE = 65536;
/** wasm32 addresses 4 GiB; stay clear of the top. */
export const MAX_WASM_BYTES = 4 * 1024 ** 3 - PAGE;

const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
const compiled = new Map<string, object | null>();

/** A new instance of the module embedded as base64, or null where it cannot run. */
export function instantiate<T extends { memory: WasmMemory }>(base64: string): T | null {
  if (!wasmApi) return null;
  let module = compiled.get(base64);
  if (module === undefined) {
    try {
      // A few kilobytes at most, so synchronous compilation is allowed on a browser's main thread too.
      module = new wasmApi.Module(Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0)));
    } catch {
      // No SIMD support: the callers' plain-JS paths serve.
      module = null;
    }
    compiled.set(base64, module);
  }
  return module ? (new wasmApi.Instance(module).exports as T) : null;
}

/** Grows the memory to at least `bytes`; false when it cannot. */
export function ensureBytes(memory: WasmMemory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  if (bytes > MAX_WASM_BYTES) return false;
  try {
    memory.grow(Math.ceil((bytes - have) / PAGE));
    return true;
  } catch {
    return false;
  }
}

export function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
