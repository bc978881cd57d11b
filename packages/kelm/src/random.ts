/**
 * Seeded randomness that does not depend on the tfjs backend, so a seed gives the same hidden layer, the same
 * centres and the same splits everywhere: @aelab/datasets' mulberry32 stream.
 */
import { mulberry32, shuffleInPlace, type Rng } from '@aelab/datasets';

export type { Rng };
export const createRng: (seed: number) => Rng = mulberry32;

/** A seeded permutation of 0..n-1 (Fisher-Yates). */
export function permutation(n: number, rng: Rng): Int32Array {
  return shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), rng);
}

/** k distinct indices from 0..n-1, in random order. */
export function sampleIndices(n: number, k: number, rng: Rng): Int32Array {
  return permutation(n, rng).slice(0, Math.min(k, n));
}
