import { describe, expect, it } from 'vitest';
import { LiteOptimizer } from './optimizers.js';

function run(opt: LiteOptimizer, p0: number[], grads: number[][]): number[] {
  const p = Float64Array.from(p0);
  for (const g of grads) opt.step(p, Float64Array.from(g));
  return Array.from(p);
}

describe('LiteOptimizer', () => {
  it('sgd: p - lr g', () => {
    expect(run(new LiteOptimizer({ type: 'sgd' }, 0.1, 2), [1, 2], [[1, -2]])).toEqual([0.9, 2.2]);
  });

  it('momentum: v = m v + g, p -= lr v', () => {
    const p = run(new LiteOptimizer({ type: 'momentum', momentum: 0.5 }, 0.1, 1), [1], [[1], [1]]);
    // v1 = 1, p1 = 0.9; v2 = 1.5, p2 = 0.75
    expect(p[0]).toBeCloseTo(0.75, 12);
  });

  it('nesterov momentum: p -= lr (g + m v)', () => {
    const p = run(new LiteOptimizer({ type: 'momentum', momentum: 0.5, nesterov: true }, 0.1, 1), [1], [[1]]);
    expect(p[0]).toBeCloseTo(1 - 0.1 * (1 + 0.5 * 1), 12);
  });

  it('rmsprop: ms = d ms + (1-d) g^2, p -= lr g / (sqrt(ms) + eps)', () => {
    const p = run(new LiteOptimizer({ type: 'rmsprop', decay: 0.9, epsilon: 0.5 }, 0.01, 1), [0], [[2]]);
    expect(p[0]).toBeCloseTo(-(0.01 * 2) / (Math.sqrt(0.1 * 4) + 0.5), 12);
  });

  it('adam: first step moves each parameter by about lr against its gradient sign', () => {
    const p = run(new LiteOptimizer({ type: 'adam', epsilon: 0 }, 0.01, 2), [0, 0], [[3, -0.001]]);
    expect(p[0]).toBeCloseTo(-0.01, 12);
    expect(p[1]).toBeCloseTo(0.01, 12);
  });

  it('adam: two steps by hand', () => {
    const b1 = 0.9;
    const b2 = 0.999;
    const lr = 0.1;
    let m = 0;
    let v = 0;
    let x = 1;
    const gs = [0.5, -0.25];
    gs.forEach((g, i) => {
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      x -= (lr * (m / (1 - b1 ** (i + 1)))) / (Math.sqrt(v / (1 - b2 ** (i + 1))) + 1e-7);
    });
    expect(run(new LiteOptimizer({ type: 'adam' }, lr, 1), [1], gs.map((g) => [g]))[0]).toBeCloseTo(x, 12);
  });

  it('keeps its state when the learning rate changes and resets it when the type changes', () => {
    const opt = new LiteOptimizer({ type: 'momentum', momentum: 0.5 }, 0.1, 1);
    const p = Float64Array.from([0]);
    opt.step(p, Float64Array.from([1])); // v = 1, p = -0.1
    opt.learningRate = 1;
    opt.step(p, Float64Array.from([0])); // v = 0.5, p = -0.6
    expect(p[0]).toBeCloseTo(-0.6, 12);
    opt.configure({ type: 'sgd' });
    opt.configure({ type: 'momentum', momentum: 0.5 });
    opt.step(p, Float64Array.from([0])); // fresh v = 0: no move
    expect(p[0]).toBeCloseTo(-0.6, 12);
  });

  it('rejects a non-positive learning rate', () => {
    const opt = new LiteOptimizer({ type: 'sgd' }, 0, 1);
    expect(() => opt.step(new Float64Array(1), new Float64Array(1))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
