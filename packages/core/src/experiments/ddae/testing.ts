// Test support for the DDAE experiment's tests: small generated tables.
import type { LabelledSet } from './table-data.js';

/**
 * Two classes of 8x8 images, class 0 bright (0.8) on the pixels `bright` picks and class 1 on the others, with seeded
 * noise of up to 0.2: easy to tell apart, so a tiny stack and KELM score far above chance.
 */
export function twoClassSet(count: number, seed: number, bright: (pixel: number) => boolean): LabelledSet {
  const data = new Float32Array(count * 64);
  const y = new Int32Array(count);
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < count; i++) {
    y[i] = i % 2;
    for (let p = 0; p < 64; p++) data[i * 64 + p] = (bright(p) === (y[i] === 0) ? 0.8 : 0.1) + 0.2 * rand();
  }
  return { x: { data, rows: count, cols: 64 }, y };
}
