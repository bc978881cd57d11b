import { describe, expect, it } from 'vitest';
import { Rng } from '../layers/random.js';
import type { TrainEvent } from '../training/events.js';
import { LiteTrainer, type LiteDataset, type LiteTrainerOptions } from './trainer.js';

/** Three tight clusters in [0, 1]^8. */
function clusters(perCluster: number, seed: number): LiteDataset {
  const rng = new Rng(seed);
  const dim = 8;
  const centres = [0, 1, 2].map(() => Array.from({ length: dim }, () => 0.2 + 0.6 * rng.next()));
  const x = new Float32Array(3 * perCluster * dim);
  let k = 0;
  for (const c of centres) for (let p = 0; p < perCluster; p++) for (let j = 0; j < dim; j++) x[k++] = Math.min(1, Math.max(0, c[j]! + 0.05 * rng.normal()));
  return { x, count: 3 * perCluster, dim };
}

const options: LiteTrainerOptions = {
  net: {
    inputSize: 8,
    layers: [
      { units: 8, activation: 'tanh' },
      { units: 2, activation: 'identity' },
      { units: 8, activation: 'tanh' },
      { units: 8, activation: 'sigmoid' },
    ],
  },
  codeLayer: 1,
  optimizer: { type: 'adam' },
  learningRate: 0.01,
  batchSize: 10,
  seed: 1,
};

describe('LiteTrainer', () => {
  it('lowers the reconstruction error of an 8-8-2-8-8 autoencoder', () => {
    const data = clusters(30, 2);
    const t = new LiteTrainer({ ...options, maxEpochs: 60 }, data, clusters(5, 3));
    const before = t.rmse(data);
    t.run(100_000);
    expect(t.stopReason).toBe('completed');
    expect(t.epoch).toBe(60);
    expect(t.steps).toBe(60 * 9);
    expect(t.rmse(data)).toBeLessThan(before / 2);
    expect(t.history).toHaveLength(60);
    expect(t.history[59]!.valMetrics?.rmse).toBeTypeOf('number');
    expect(t.history[59]!.metrics.rmse!).toBeLessThan(t.history[0]!.metrics.rmse!);
  });

  it('gives the same numbers for the same seed', () => {
    const data = clusters(10, 2);
    const a = new LiteTrainer(options, data);
    const b = new LiteTrainer(options, data);
    a.run(50);
    b.run(50);
    expect(Array.from(a.net.params)).toEqual(Array.from(b.net.params));
    expect(Array.from(a.encode(data))).toEqual(Array.from(b.encode(data)));
  });

  it('uses the last partial batch and counts epochs', () => {
    const data = clusters(5, 4); // 15 samples, batches of 10 and 5
    const t = new LiteTrainer({ ...options, maxSteps: 4 }, data);
    t.run(10);
    expect(t.steps).toBe(4);
    expect(t.epoch).toBe(2);
    expect(t.stopReason).toBe('max-steps');
    expect(t.step()).toBeNaN();
  });

  it('stops at the convergence epsilon', () => {
    const t = new LiteTrainer({ ...options, convergenceEpsilon: 1e-3, maxEpochs: 10_000 }, clusters(10, 5));
    t.run(1_000_000);
    expect(t.stopReason).toBe('converged');
    const h = t.history;
    const last = h[h.length - 1]!.loss;
    const prev = h[h.length - 2]!.loss;
    expect(Math.abs(last - prev)).toBeLessThan(1e-3);
  });

  it('reports divergence', () => {
    const t = new LiteTrainer({ ...options, optimizer: { type: 'sgd' }, learningRate: 1e6, net: { ...options.net, layers: options.net.layers.map((l) => ({ ...l, activation: 'identity' as const })) } }, clusters(10, 6));
    t.run(1000);
    expect(t.stopReason).toBe('diverged');
  });

  it('stops early on the validation loss and reports its events as the tfjs trainer does', () => {
    const events: TrainEvent[] = [];
    const t = new LiteTrainer({ ...options, learningRate: 1e-7, maxEpochs: 50, earlyStopping: { patience: 2, minDelta: 0.01 } }, clusters(10, 12), clusters(3, 13));
    t.onEvent = (e) => void events.push(e);
    t.run(100_000);
    expect(t.stopReason).toBe('early-stopping');
    expect(t.epoch).toBe(3);
    expect(events.map((e) => e.type)).toEqual(['start', 'epoch', 'epoch', 'epoch', 'end']);
    expect(events[0]).toMatchObject({ type: 'start', epochs: 50, stepsPerEpoch: 3, batchSize: 10, trainCount: 30, validationCount: 9 });
    const end = events.at(-1)!;
    expect(end).toMatchObject({ type: 'end', reason: 'early-stopping', epoch: 3, step: 9, loss: t.history[2]!.loss, valLoss: t.history[2]!.valLoss });
    if (end.type === 'end') expect(end.bestValLoss).toBe(t.history[0]!.valLoss);
  });

  it('emits step events when asked for', () => {
    const events: TrainEvent[] = [];
    const t = new LiteTrainer({ ...options, stepEventEvery: 2 }, clusters(10, 14));
    t.onEvent = (e) => void events.push(e);
    const losses = [t.step(), t.step(), t.step(), t.step()];
    const steps = events.filter((e) => e.type === 'step');
    expect(steps.map((e) => e.step)).toEqual([2, 4]);
    expect(steps.map((e) => (e.type === 'step' ? e.loss : NaN))).toEqual([losses[1], losses[3]]);
    expect(steps[0]).toMatchObject({ terms: { reconstruction: losses[1] }, metrics: { rmse: Math.sqrt(losses[1]!) } });
  });

  it('applies a new learning rate without resetting the weights or the step count', () => {
    const data = clusters(10, 7);
    const a = new LiteTrainer({ ...options, optimizer: { type: 'sgd' } }, data);
    a.run(5);
    const params = Float64Array.from(a.net.params);
    a.setLearningRate(0.5);
    expect(Array.from(a.net.params)).toEqual(Array.from(params));
    a.run(1);
    expect(a.steps).toBe(6);
    // The same update by hand: p - 0.5 g on the sixth batch.
    const b = new LiteTrainer({ ...options, optimizer: { type: 'sgd' } }, data);
    b.run(5);
    b.setLearningRate(0.5);
    b.run(1);
    expect(Array.from(a.net.params)).toEqual(Array.from(b.net.params));
    expect(Array.from(a.net.params)).not.toEqual(Array.from(params));
  });

  it('goes on after its limits are raised', () => {
    const t = new LiteTrainer({ ...options, maxEpochs: 1 }, clusters(10, 8));
    t.run(100);
    expect(t.stopReason).toBe('completed');
    t.setLimits({ maxEpochs: 3 });
    expect(t.stopReason).toBeNull();
    t.run(100);
    expect(t.epoch).toBe(3);
  });

  it('grows its buffers for a larger batch size', () => {
    const data = clusters(200, 9);
    const t = new LiteTrainer(options, data);
    t.run(3);
    t.setBatchSize(400);
    t.run(1);
    expect(t.steps).toBe(4);
    expect(Number.isFinite(t.rmse(data))).toBe(true);
  });

  it('round-trips its weights through JSON', () => {
    const data = clusters(10, 10);
    const a = new LiteTrainer(options, data);
    a.run(30);
    const json = JSON.parse(JSON.stringify(a.exportWeights()));
    const b = new LiteTrainer({ ...options, seed: 99 }, data);
    b.importWeights(json);
    expect(Array.from(b.net.params)).toEqual(Array.from(a.net.params));
    expect(json.layers[0].kernel).toHaveLength(8);
    expect(json.layers[1].kernel[0]).toHaveLength(2);
  });

  it('rejects weights that do not fit', () => {
    const t = new LiteTrainer(options, clusters(5, 11));
    const w = t.exportWeights();
    expect(() => t.importWeights({ ...w, inputSize: 3 })).toThrow(expect.objectContaining({ code: 'MODEL_FORMAT' }));
    const bad = structuredClone(w);
    bad.layers[1]!.kernel[0]![1] = Number.NaN;
    expect(() => t.importWeights(bad)).toThrow(/kernel\[0\]\[1\]/);
    expect(() => t.importWeights({ ...w, layers: w.layers.slice(1) })).toThrow(/3 layers, the network has 4/);
  });

  it('rejects data of the wrong width', () => {
    expect(() => new LiteTrainer(options, { x: new Float32Array(6), count: 2, dim: 3 })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });
});
