/*
 * The Adam update as a tiny hand-assembled WebAssembly SIMD function that works directly on tfjs-backend-wasm's
 * heap: it imports the backend's own WebAssembly.Memory, so tensors are updated where they live, 4 lanes at a time.
 * A JavaScript loop over the same buffers is ~5 ns per element (scalar f64 maths); XNNPACK's elementwise kernels
 * are fast but Adam needs ~15 of them. This does the whole update in one SIMD pass.
 *
 * export adam(w, g, m, v, wOut, mOut, vOut: byte offsets, n: floats (multiple of 4), beta1, beta2, lrT, epsHat)
 */

const SIMD = 0xfd;
const op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  i32Const: 0x41,
  f32Const: 0x43,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Shl: 0x74,
  f32Sub: 0x93,
};
const simd = {
  load: [SIMD, 0x00, 0x00, 0x00], // v128.load align=1 offset=0 (alignment is only a hint)
  store: [SIMD, 0x0b, 0x00, 0x00],
  splat: [SIMD, 0x13],
  sqrt: [SIMD, 0xe3, 0x01],
  add: [SIMD, 0xe4, 0x01],
  sub: [SIMD, 0xe5, 0x01],
  mul: [SIMD, 0xe6, 0x01],
  div: [SIMD, 0xe7, 0x01],
};

// Parameters 0-11 as in the signature above; locals after them.
const [W, G, M, V, WO, MO, VO, N, BETA1, BETA2, LR, EPS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const [OFF, END, B1, C1, B2, C2, LRV, EPSV, GV, MV, VV] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22];

const get = (i: number) => [op.localGet, i];
const set = (i: number) => [op.localSet, i];
const ONE = [op.f32Const, 0x00, 0x00, 0x80, 0x3f];
const at = (base: number) => [...get(base), ...get(OFF), op.i32Add];

function body(): number[] {
  return [
    // locals: 2 x i32, 9 x v128
    0x02, 0x02, 0x7f, 0x09, 0x7b,
    ...get(BETA1), ...simd.splat, ...set(B1),
    ...ONE, ...get(BETA1), op.f32Sub, ...simd.splat, ...set(C1),
    ...get(BETA2), ...simd.splat, ...set(B2),
    ...ONE, ...get(BETA2), op.f32Sub, ...simd.splat, ...set(C2),
    ...get(LR), ...simd.splat, ...set(LRV),
    ...get(EPS), ...simd.splat, ...set(EPSV),
    ...get(N), op.i32Const, 2, op.i32Shl, ...set(END),
    op.block, 0x40,
    op.loop, 0x40,
    ...get(OFF), ...get(END), op.i32GeU, op.brIf, 1,
    // g
    ...at(G), ...simd.load, ...set(GV),
    // m' = β1·m + (1-β1)·g
    ...at(M), ...simd.load, ...get(B1), ...simd.mul, ...get(GV), ...get(C1), ...simd.mul, ...simd.add, ...set(MV),
    // v' = β2·v + (1-β2)·g²
    ...at(V), ...simd.load, ...get(B2), ...simd.mul, ...get(GV), ...get(GV), ...simd.mul, ...get(C2), ...simd.mul, ...simd.add, ...set(VV),
    ...at(MO), ...get(MV), ...simd.store,
    ...at(VO), ...get(VV), ...simd.store,
    // w' = w - lr_t·m' / (√v' + ε̂)
    ...at(WO), ...at(W), ...simd.load, ...get(MV), ...get(LRV), ...simd.mul, ...get(VV), ...simd.sqrt, ...get(EPSV), ...simd.add, ...simd.div, ...simd.sub, ...simd.store,
    ...get(OFF), op.i32Const, 16, op.i32Add, ...set(OFF),
    op.br, 0,
    op.end,
    op.end,
    op.end,
  ];
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/** The module's bytes; `shared` must match the imported memory (the pthreads build shares its memory). */
export function adamModuleBytes(shared: boolean): Uint8Array {
  const fn = body();
  const memoryLimits = shared ? [0x03, 0x01, ...uleb(65536)] : [0x00, 0x01];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 12, ...Array(8).fill(0x7f), ...Array(4).fill(0x7d), 0x00]),
    ...section(2, [0x01, ...name('env'), ...name('memory'), 0x02, ...memoryLimits]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...name('adam'), 0x00, 0x00]),
    ...section(10, [0x01, ...uleb(fn.length), ...fn]),
  ]);
}

export type AdamSimd = (w: number, g: number, m: number, v: number, wOut: number, mOut: number, vOut: number, n: number, beta1: number, beta2: number, lrT: number, epsHat: number) => void;

/** The slice of the WebAssembly JS API used here (the package's lib settings declare no DOM/WebAssembly values). */
interface MemoryLike {
  buffer: ArrayBufferLike;
}
interface WasmApi {
  Memory: abstract new (...args: never[]) => MemoryLike;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
const instances = new WeakMap<object, AdamSimd | null>();

/** True for a WebAssembly.Memory (emscripten keeps it under different names in different builds). */
export function isWasmMemory(value: unknown): value is MemoryLike {
  return wasmApi !== undefined && value instanceof wasmApi.Memory;
}

/** The SIMD update bound to `memory`, or null where WebAssembly SIMD is missing. Cached per memory. */
export function adamSimdFor(memory: MemoryLike): AdamSimd | null {
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  let fn: AdamSimd | null = null;
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const module = new wasmApi!.Module(adamModuleBytes(shared));
    fn = new wasmApi!.Instance(module, { env: { memory } }).exports.adam as AdamSimd;
  } catch {
    fn = null;
  }
  instances.set(memory, fn);
  return fn;
}
