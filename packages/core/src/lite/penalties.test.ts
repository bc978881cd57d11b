import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../config/index.js';
import { Rng } from '../layers/random.js';
import { sparseness } from '../metrics/sparseness.js';
import { liteTrainerOptions, liteUnsupported } from './config.js';
import { LiteNet, type LitePenalty } from './net.js';
import { LiteTrainer, type LiteDataset, type LiteTrainerOptions } from './trainer.js';

const DIM = 6;

function randomRows(count: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: count * DIM }, () => rng.next());
}

/** The loss backward() differentiates: reconstruction MSE plus every penalty term it reports. */
function totalLoss(net: LiteNet, x: Float64Array, count: number, target: Float64Array, penalty: LitePenalty): number {
  net.load(x, count);
  net.forward(count);
  const mse = net.backward(count, target, penalty);
  const t = net.terms;
  return mse + t.l1Activity + t.l2Activity + t.l1Weights + t.l2Weights;
}

/** Largest relative gap between backward()'s gradient and central finite differences, over every parameter. */
function gradientGap(activation: 'sigmoid' | 'tanh' | 'relu', penalty: Omit<LitePenalty, 'codeLayer'>): number {
  const net = new LiteNet({ inputSize: DIM, layers: [{ units: 4, activation }, { units: DIM, activation: 'sigmoid' }] }, { seed: 3, capacity: 8 });
  // Biases away from zero, so ReLU units sit clear of their kink and the check is about the penalty terms.
  for (const l of net.layers) for (let o = 0; o < l.units; o++) net.params[l.biasOffset + o] = 0.3 + 0.05 * o;
  const count = 5;
  const x = randomRows(count, 7);
  const target = randomRows(count, 8);
  const p: LitePenalty = { codeLayer: 0, ...penalty };
  totalLoss(net, x, count, target, p);
  const analytic = Float64Array.from(net.grads);
  let worst = 0;
  const h = 1e-6;
  for (let k = 0; k < net.size; k++) {
    const keep = net.params[k]!;
    net.params[k] = keep + h;
    const up = totalLoss(net, x, count, target, p);
    net.params[k] = keep - h;
    const down = totalLoss(net, x, count, target, p);
    net.params[k] = keep;
    const numeric = (up - down) / (2 * h);
    worst = Math.max(worst, Math.abs(numeric - analytic[k]!) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic[k]!)));
  }
  return worst;
}

describe('lite penalties: gradients against finite differences', () => {
  const cases: [string, Omit<LitePenalty, 'codeLayer'>][] = [
    ['L1 on activations', { l1Activity: 0.05 }],
    ['L2 on activations', { l2Activity: 0.05 }],
    ['L1 on weights', { l1Weights: 0.01 }],
    ['L2 on weights', { l2Weights: 0.01 }],
    ['all four at once', { l1Activity: 0.02, l2Activity: 0.03, l1Weights: 0.004, l2Weights: 0.006 }],
  ];
  for (const activation of ['sigmoid', 'tanh', 'relu'] as const) {
    for (const [name, penalty] of cases) {
      it(`${name}, ${activation} code`, () => {
        expect(gradientGap(activation, penalty)).toBeLessThan(1e-5);
      });
    }
  }

  it('reports each term as its definition says (per digit sums averaged over the batch; kernels only)', () => {
    const net = new LiteNet({ inputSize: DIM, layers: [{ units: 4, activation: 'sigmoid' }, { units: DIM, activation: 'sigmoid' }] }, { seed: 1, capacity: 8 });
    const x = randomRows(3, 2);
    net.load(x, 3);
    const code = Float64Array.from(net.forward(3, 1).subarray(0, 12));
    net.forward(3);
    net.backward(3, x, { codeLayer: 0, l1Activity: 2, l2Weights: 3 });
    const l1 = code.reduce((s, a) => s + Math.abs(a), 0) / 3;
    let w2 = 0;
    for (const l of net.layers) for (let k = l.kernelOffset; k < l.biasOffset; k++) w2 += net.params[k]! ** 2;
    expect(net.terms.l1Activity).toBeCloseTo(2 * l1, 12);
    expect(net.terms.l2Weights).toBeCloseTo(3 * w2, 12);
    expect(net.terms.l2Activity).toBe(0);
    expect(net.terms.l1Weights).toBe(0);
  });
});

function digitsLike(count: number, seed: number): LiteDataset {
  const rng = new Rng(seed);
  return { x: Float32Array.from({ length: count * DIM }, () => (rng.next() < 0.4 ? 1 : 0)), count, dim: DIM };
}

const base: LiteTrainerOptions = {
  net: { inputSize: DIM, layers: [{ units: 8, activation: 'relu' }, { units: DIM, activation: 'sigmoid' }] },
  codeLayer: 0,
  optimizer: { type: 'momentum', momentum: 0.9 },
  learningRate: 0.1,
  batchSize: 8,
  seed: 5,
};

describe('LiteTrainer with penalties and noise', () => {
  it('lists the penalty terms in its epoch records, the loss being their sum with the reconstruction', () => {
    const t = new LiteTrainer({ ...base, maxEpochs: 2, regularization: { l1Activity: 1e-3, l2Weights: 1e-4 } }, digitsLike(40, 1), digitsLike(16, 2));
    t.run(1000);
    const r = t.history.at(-1)!;
    expect(Object.keys(r.terms).sort()).toEqual(['l1Activity', 'l2Weights', 'reconstruction']);
    expect(r.loss).toBeCloseTo(r.terms.reconstruction! + r.terms.l1Activity! + r.terms.l2Weights!, 12);
    expect(r.metrics.rmse).toBeCloseTo(Math.sqrt(r.terms.reconstruction!), 12);
    expect(Object.keys(r.valTerms!).sort()).toEqual(['l1Activity', 'l2Weights', 'reconstruction']);
    expect(r.valTerms!.l1Activity).toBeGreaterThan(0);
  });

  it('trains sparser codes with a strong L1 activity penalty than without', () => {
    const data = digitsLike(200, 3);
    const codesAfter = (options: LiteTrainerOptions) => {
      const t = new LiteTrainer({ ...options, maxEpochs: 30 }, data);
      t.run(100_000);
      return sparseness(t.encode(data), 0.05);
    };
    const plain = codesAfter(base);
    const penalised = codesAfter({ ...base, regularization: { l1Activity: 0.05 } });
    expect(penalised).toBeGreaterThan(plain + 0.2);
  });

  it('adds seeded Gaussian noise to the inputs only while training, from the run seed\'s noise stream', () => {
    const data = digitsLike(24, 4);
    const noisy = { ...base, corruption: { type: 'gaussian' as const, sigma: 0.3 } };
    const a = new LiteTrainer(noisy, data);
    const b = new LiteTrainer(noisy, data);
    const clean = new LiteTrainer(base, data);
    a.run(6);
    b.run(6);
    clean.run(6);
    expect(Array.from(a.net.params)).toEqual(Array.from(b.net.params));
    expect(Array.from(a.net.params)).not.toEqual(Array.from(clean.net.params));

    // One step by hand: the batch plus N(0, 0.3^2) from Rng(seed, 'noise') in, the clean batch as the target.
    const byHand = new LiteNet(base.net, { seed: base.seed, capacity: 256 });
    const first = new LiteTrainer(noisy, data);
    const order = new Rng(base.seed, 'shuffle').permutation(data.count);
    const noise = new Rng(base.seed, 'noise');
    byHand.load(data.x, 8, order, 0);
    const target = byHand.addInputNoise(8, 0.3, () => noise.normal());
    byHand.forward(8);
    const loss = byHand.backward(8, target);
    expect(first.step()).toBeCloseTo(loss, 12);

    // Inference has no noise: reconstructing twice gives the same outputs.
    expect(Array.from(a.reconstruct(data))).toEqual(Array.from(a.reconstruct(data)));
  });

  it('refuses negative penalties and noise other than Gaussian', () => {
    expect(() => new LiteTrainer({ ...base, regularization: { l2Activity: -1 } }, digitsLike(8, 1))).toThrow(/l2Activity/);
    // @ts-expect-error masking noise is not something the lite trainer takes
    expect(() => new LiteTrainer({ ...base, corruption: { type: 'masking', sigma: 0.2 } }, digitsLike(8, 1))).toThrow(/gaussian/);
  });
});

describe('liteTrainerOptions with penalties and noise', () => {
  const config = {
    seed: 2,
    data: { name: 'mnist-binary' },
    model: {
      type: 'dense',
      layers: [{ units: 16, activation: 'relu' }],
      outputActivation: 'sigmoid',
      regularization: { l1Activity: 3.2e-4, l2Weights: 1e-7 },
      corruption: { type: 'gaussian', sigma: 0.3 },
    },
    training: { optimizer: { type: 'momentum', momentum: 0.9 }, learningRate: 0.1, batchSize: 32, epochs: 3 },
  };

  it('passes L1/L2 weights and Gaussian noise through', () => {
    const o = liteTrainerOptions(parseRunConfig(config), 784);
    expect(o.regularization).toEqual({ l1Weights: 0, l2Weights: 1e-7, l1Activity: 3.2e-4, l2Activity: 0 });
    expect(o.corruption).toEqual({ type: 'gaussian', sigma: 0.3 });
  });

  it('still names masking noise and the KL sparsity penalty as unsupported', () => {
    const c = parseRunConfig({
      ...config,
      model: { ...config.model, regularization: { sparsity: { rho: 0.05, beta: 1 } }, corruption: { type: 'masking', fraction: 0.2 } },
    });
    expect(liteUnsupported(c).map((i) => i.path)).toEqual(['model.corruption', 'model.regularization.sparsity']);
  });
});
