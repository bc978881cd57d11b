import { describe, expect, it } from 'vitest';
import { createRng, mulberry32, permutation, seededValues } from './rng.js';

describe('createRng', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('gives uniforms in [0, 1) with mean 1/2 and normals with mean 0, variance 1', () => {
    const rng = createRng(1);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 20000; i++) {
      const u = rng.next();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 20000).toBeCloseTo(0.5, 1);
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < 20000; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    expect(s / 20000).toBeCloseTo(0, 1);
    expect(s2 / 20000).toBeCloseTo(1, 1);
  });

  it('draws integers below n', () => {
    const rng = createRng(3);
    const seen = new Set(Array.from({ length: 200 }, () => rng.int(4)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('permutation', () => {
  it('is a seeded permutation of 0..n-1', () => {
    const p = permutation(50, 7);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(permutation(50, 7))).toEqual(Array.from(p));
    expect(Array.from(permutation(50, 8))).not.toEqual(Array.from(p));
  });
});

describe('mulberry32', () => {
  it('repeats per seed, differs between seeds, and keeps the stream the published numbers were drawn from', () => {
    const a = mulberry32(7);
    expect([a.next(), a.next(), a.normal()]).toEqual([0.9823943767696619, 0.3341257639694959, 1.0707846387191051]);
    const b = mulberry32(7);
    const c = mulberry32(8);
    expect(b.next()).toBe(0.9823943767696619);
    expect(c.next()).not.toBe(0.9823943767696619);
  });

  it('draws standard normals (mean 0, variance 1 within sampling error) and integers in range', () => {
    const rng = mulberry32(1);
    const n = 20_000;
    const draws = Array.from({ length: n }, () => rng.normal());
    const mean = draws.reduce((s, v) => s + v, 0) / n;
    const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    for (let i = 0; i < 1000; i++) {
      const k = rng.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
  });
});

describe('seededValues', () => {
  it('keeps the stream core\'s backend tests and the GPU check were written against', () => {
    expect(Array.from(seededValues(4, 1))).toEqual([0.25414788722991943, -0.9945285320281982, 0.05489407852292061, 0.962101936340332]);
    expect(Array.from(seededValues(3, 0xdeadbeef, 0, 1))).toEqual([0.9413695931434631, 0.26719576120376587, 0.7720333337783813]);
    expect(Array.from(seededValues(3, 7, -0.3, 0.3))).toEqual([-0.29297715425491333, -0.26282504200935364, 0.28614458441734314]);
  });
});
