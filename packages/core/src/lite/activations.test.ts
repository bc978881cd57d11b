import { describe, expect, it } from 'vitest';
import { activate, LEAKY_RELU_ALPHA, liteActivations, multiplyByDerivative } from './activations.js';

describe('lite activations', () => {
  const z = [-2, -0.5, 0.25, 3];

  it('computes each activation', () => {
    const run = (kind: (typeof liteActivations)[number]) => {
      const v = Float64Array.from(z);
      activate(kind, v, 0, v.length);
      return Array.from(v);
    };
    expect(run('identity')).toEqual(z);
    expect(run('relu')).toEqual([0, 0, 0.25, 3]);
    expect(run('leakyRelu')).toEqual([-2 * LEAKY_RELU_ALPHA, -0.5 * LEAKY_RELU_ALPHA, 0.25, 3]);
    run('tanh').forEach((v, i) => expect(v).toBeCloseTo(Math.tanh(z[i]!), 15));
    run('sigmoid').forEach((v, i) => expect(v).toBeCloseTo(1 / (1 + Math.exp(-z[i]!)), 15));
  });

  it('gives the derivative from the output, matching finite differences', () => {
    for (const kind of liteActivations) {
      const out = Float64Array.from(z);
      activate(kind, out, 0, out.length);
      const delta = new Float64Array(z.length).fill(1);
      multiplyByDerivative(kind, out, delta, 0, z.length);
      z.forEach((x, i) => {
        const h = 1e-6;
        const up = Float64Array.of(x + h);
        const down = Float64Array.of(x - h);
        activate(kind, up, 0, 1);
        activate(kind, down, 0, 1);
        expect(delta[i]).toBeCloseTo((up[0]! - down[0]!) / (2 * h), 6);
      });
    }
  });
});
