import { describe, expect, it } from 'vitest';
import { liteActivations } from './activations.js';
import { LiteNet, type LiteNetSpec } from './net.js';
import { Rng } from '../layers/random.js';

function randomData(rows: number, dim: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: rows * dim }, () => rng.next());
}

function lossAt(net: LiteNet, data: Float64Array, rows: number): number {
  net.load(data, rows);
  net.forward(rows);
  return net.backwardReconstruction(rows);
}

describe('LiteNet', () => {
  it('computes a forward pass by hand', () => {
    const net = new LiteNet({ inputSize: 2, layers: [{ units: 1, activation: 'identity' }, { units: 2, activation: 'sigmoid' }] });
    // layer 0: kernel [[0.5],[-1]], bias [0.25]; layer 1: kernel [[2, -3]], bias [0.1, 0.2]
    net.params.set([0.5, -1, 0.25, 2, -3, 0.1, 0.2]);
    net.load([1, 2], 1);
    const out = net.forward(1);
    const h = 0.5 * 1 - 1 * 2 + 0.25; // -1.25
    expect(out[0]).toBeCloseTo(1 / (1 + Math.exp(-(2 * h + 0.1))), 12);
    expect(out[1]).toBeCloseTo(1 / (1 + Math.exp(-(-3 * h + 0.2))), 12);
    const mse = ((out[0]! - 1) ** 2 + (out[1]! - 2) ** 2) / 2;
    expect(net.backwardReconstruction(1)).toBeCloseTo(mse, 12);
  });

  for (const activation of liteActivations) {
    it(`matches finite differences with ${activation} hidden layers`, () => {
      const spec: LiteNetSpec = {
        inputSize: 4,
        layers: [
          { units: 3, activation },
          { units: 2, activation: 'identity' },
          { units: 3, activation },
          { units: 4, activation: 'sigmoid' },
        ],
      };
      const net = new LiteNet(spec, { seed: 7 });
      // Shift biases off zero so relu kinks are unlikely to sit within the finite-difference step.
      const rng = new Rng(3);
      for (const l of net.layers) for (let o = 0; o < l.units; o++) net.params[l.biasOffset + o] = 0.3 * (rng.next() - 0.5);
      const rows = 5;
      const data = randomData(rows, 4, 11);
      lossAt(net, data, rows);
      const analytic = Float64Array.from(net.grads);
      const h = 1e-6;
      for (let i = 0; i < net.size; i++) {
        const keep = net.params[i]!;
        net.params[i] = keep + h;
        const up = lossAt(net, data, rows);
        net.params[i] = keep - h;
        const down = lossAt(net, data, rows);
        net.params[i] = keep;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(analytic[i]! - numeric)).toBeLessThan(1e-7 + 1e-5 * Math.abs(numeric));
      }
    });
  }

  it('is deterministic per seed and Glorot-bounded', () => {
    const spec: LiteNetSpec = { inputSize: 8, layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'sigmoid' }] };
    const a = new LiteNet(spec, { seed: 1 });
    const b = new LiteNet(spec, { seed: 1 });
    const c = new LiteNet(spec, { seed: 2 });
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
    expect(Array.from(a.params)).not.toEqual(Array.from(c.params));
    const limit = Math.sqrt(6 / 16);
    const { kernel, bias } = a.layerParams(0);
    expect(Math.max(...kernel.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Array.from(bias)).toEqual(new Array(8).fill(0));
  });

  it('predicts in chunks larger than its buffer', () => {
    const net = new LiteNet({ inputSize: 3, layers: [{ units: 2, activation: 'tanh' }, { units: 3, activation: 'sigmoid' }] }, { seed: 5, capacity: 4 });
    const data = randomData(10, 3, 9);
    const all = net.predict(data, 10, 0);
    for (let r = 0; r < 10; r++) {
      const one = net.predict(data.subarray(r * 3, r * 3 + 3), 1, 0);
      expect(all[r * 2]).toBeCloseTo(one[0]!, 6);
      expect(all[r * 2 + 1]).toBeCloseTo(one[1]!, 6);
    }
  });

  it('rejects a bad shape with a coded error', () => {
    expect(() => new LiteNet({ inputSize: 0, layers: [{ units: 1, activation: 'relu' }] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => new LiteNet({ inputSize: 2, layers: [] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
