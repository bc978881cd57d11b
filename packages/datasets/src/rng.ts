/**
 * A small seeded generator (sfc32, seeded through splitmix32) so that every subset, split and generated dataset is
 * reproducible from an integer seed, in Node and in the browser alike.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal. */
  normal(): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number): Rng {
  // Seeds beyond 32 bits fold in their high part instead of being silently truncated.
  const init = splitmix32((seed >>> 0) ^ Math.floor(seed / 0x100000000));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();
  const next = () => u32() / 0x100000000;
  const positive = (): number => {
    let u = 0;
    while (u === 0) u = next();
    return u;
  };
  return fromUniforms(next, positive);
}

/**
 * An Rng over a uniform source. Normals come in Box-Muller pairs: the radius from `positive` (a uniform in (0, 1],
 * each generator's own way), the angle from `next`, the pair's second value kept for the next call.
 */
function fromUniforms(next: () => number, positive: () => number): Rng {
  let spare: number | null = null;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      const r = Math.sqrt(-2 * Math.log(positive()));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}

/** mulberry32's uniforms in [0, 1) from a raw 32-bit state, used as given. */
function mulberry32Uniforms(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * mulberry32: a second, smaller generator with its own stream, kept because @aelab/kelm (hidden layers, centres,
 * validation splits) and @aelab/core's lite trainer (initial weights) were seeded with it: their published numbers
 * depend on this exact stream.
 */
export function mulberry32(seed: number): Rng {
  const next = mulberry32Uniforms(Math.trunc(seed) ^ 0x9e3779b9);
  // 1 - next() keeps the logarithm's argument in (0, 1].
  return fromUniforms(next, () => 1 - next());
}

/**
 * `count` values uniform in [lo, hi) from mulberry32 started at `seed` itself (`mulberry32(seed)` mixes the seed
 * first, so the streams differ): core's backend tests and tools' GPU check draw their tensors and weights from it.
 */
export function seededValues(count: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = mulberry32Uniforms(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * next();
  return out;
}

/** Fisher–Yates in place. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(values: T, rng: Rng): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
  return values;
}

/** A seeded permutation of 0..n-1. */
export function permutation(n: number, seed: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return shuffleInPlace(out, createRng(seed));
}
