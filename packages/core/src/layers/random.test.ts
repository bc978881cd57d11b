import { describe, expect, it } from 'vitest';
import { Rng } from './random.js';

describe('Rng', () => {
  it('repeats for a seed and differs between streams', () => {
    const a = new Rng(42, 'x').uniformArray(5);
    const b = new Rng(42, 'x').uniformArray(5);
    const c = new Rng(42, 'y').uniformArray(5);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('continues from a saved state', () => {
    const r = new Rng(1);
    r.uniformArray(10);
    const copy = new Rng(r.state());
    expect(copy.nextUint32()).toBe(r.nextUint32());
  });

  it('draws uniform, normal and Bernoulli values with the right moments', () => {
    const r = new Rng(3);
    const u = r.uniformArray(20000);
    const mean = u.reduce((a, b) => a + b, 0) / u.length;
    expect(mean).toBeCloseTo(0.5, 1);
    const n = r.normalArray(20001, 1, 2);
    const nm = n.reduce((a, b) => a + b, 0) / n.length;
    const nv = n.reduce((a, b) => a + (b - nm) ** 2, 0) / n.length;
    expect(nm).toBeCloseTo(1, 1);
    expect(Math.sqrt(nv)).toBeCloseTo(2, 1);
    const m = r.bernoulliArray(20000, 0.9);
    expect(m.every((v) => v === 0 || v === 1)).toBe(true);
    expect(m.reduce((a, b) => a + b, 0) / m.length).toBeCloseTo(0.9, 2);
  });

  it('makes permutations', () => {
    const p = Array.from(new Rng(5).permutation(50)).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
