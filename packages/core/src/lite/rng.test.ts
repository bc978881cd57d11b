import { describe, expect, it } from 'vitest';
import { createRng, shuffleInPlace } from './rng.js';

describe('lite rng', () => {
  it('repeats per seed and differs between seeds', () => {
    const a = createRng(3);
    const b = createRng(3);
    const c = createRng(4);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws standard normals (mean 0, variance 1 within sampling error)', () => {
    const rng = createRng(1);
    const n = 20_000;
    const draws = Array.from({ length: n }, () => rng.normal());
    const mean = draws.reduce((s, v) => s + v, 0) / n;
    const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('shuffles into a permutation', () => {
    const values = Uint32Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(values, createRng(2));
    expect([...values].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...values]).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
