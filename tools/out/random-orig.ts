/**
 * Seeded randomness for everything that must repeat exactly: weight init, shuffling, validation splits, DropConnect
 * masks and corruption noise. Numbers are drawn in JavaScript (xoshiro128**), never by a backend, so a seed gives
 * the same masks and noise on every backend; the state is four uint32s, so training can checkpoint and resume it.
 */
export type RngState = [number, number, number, number];

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a of a stream name, so `new Rng(seed, 'shuffle')` and `new Rng(seed, 'noise')` are independent. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const TWO_POW_32 = 4294967296;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | RngState, stream = '') {
    if (Array.isArray(seed)) {
      [this.a, this.b, this.c, this.d] = seed.map((v) => v >>> 0) as RngState;
    } else {
      const mix = splitmix32((Math.trunc(seed) ^ hashString(stream)) >>> 0);
      this.a = mix();
      this.b = mix();
      this.c = mix();
      this.d = mix();
      if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
    }
  }

  /** The state to checkpoint; `new Rng(state)` continues the same sequence. */
  state(): RngState {
    return [this.a, this.b, this.c, this.d];
  }

  /** A uint32. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.b << 9) >>> 0;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller; no cached second value, so `state()` captures everything). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A fresh independent generator derived from this one (advances this one by four draws). */
  fork(): Rng {
    return new Rng([this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32() | 1]);
  }

  uniformArray(n: number, lo = 0, hi = 1, out = new Float32Array(n)): Float32Array {
    const scale = (hi - lo) / TWO_POW_32;
    for (let i = 0; i < n; i++) out[i] = lo + this.nextUint32() * scale;
    return out;
  }

  normalArray(n: number, mean = 0, std = 1, out = new Float32Array(n)): Float32Array {
    for (let i = 0; i < n; i += 2) {
      const u = 1 - this.next();
      const v = this.next();
      const r = std * Math.sqrt(-2 * Math.log(u));
      out[i] = mean + r * Math.cos(2 * Math.PI * v);
      if (i + 1 < n) out[i + 1] = mean + r * Math.sin(2 * Math.PI * v);
    }
    return out;
  }

  /** 1 with probability p, else 0 (one uint32 compare per entry; the hot path of DropConnect). */
  bernoulliArray(n: number, p: number, out = new Float32Array(n)): Float32Array {
    if (p >= 1) return out.fill(1);
    const threshold = Math.floor(p * TWO_POW_32);
    for (let i = 0; i < n; i++) out[i] = this.nextUint32() < threshold ? 1 : 0;
    return out;
  }

  /** A permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  shuffle(arr: Int32Array | number[]): void {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i]!;
      arr[i] = arr[j]!;
      arr[j] = t;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
