import { liteTrainerOptions } from '@aelab/core';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import { validatePlayground } from '../config/validate.js';
import { buildData } from '../data/dataset.js';
import { TrainingEngine } from './engine.js';
import type { FromEngine, InitMessage, Snapshot } from './protocol.js';

function setup(epochs = 1000, convergenceEpsilon = 1e-7) {
  const config = defaultConfig();
  config.training.epochs = epochs;
  config.training.convergenceEpsilon = convergenceEpsilon;
  const v = validatePlayground(config);
  if (!v.ok) throw new Error('default config invalid');
  const data = buildData(config);
  const init: InitMessage = {
    type: 'init',
    generation: 1,
    options: liteTrainerOptions(v.runConfig, data.dim),
    x: data.x,
    dim: data.dim,
    train: data.train,
    validation: data.validation,
    showcase: Uint32Array.from([0, 1, 2]),
  };
  const out: FromEngine[] = [];
  const engine = new TrainingEngine((m) => out.push(m));
  const snapshots = () => out.filter((m): m is { type: 'snapshot'; snapshot: Snapshot } => m.type === 'snapshot').map((m) => m.snapshot);
  return { engine, init, out, snapshots };
}

describe('TrainingEngine', () => {
  it('sends a snapshot only when the page asks for one', () => {
    const { engine, init, snapshots } = setup();
    engine.handle(init);
    expect(snapshots()).toHaveLength(0);
    engine.handle({ type: 'frame' });
    const [s] = snapshots();
    expect(s).toMatchObject({ generation: 1, status: 'idle', steps: 0, epoch: 0, historyFrom: 0, history: [] });
    expect(s!.codes).toHaveLength(600);
    expect(s!.reconstructions).toHaveLength(3 * 8);
    expect(s!.layout.map((l) => `${l.inputs}x${l.units}`)).toEqual(['8x8', '8x2', '2x8', '8x8']);
    engine.handle({ type: 'step', count: 3 });
    expect(snapshots()).toHaveLength(1); // no frame asked for yet
    engine.handle({ type: 'frame' });
    expect(snapshots()[1]).toMatchObject({ status: 'paused', steps: 3 });
  });

  it('trains in slices while running, and stops at max epochs saying why', () => {
    const { engine, init, snapshots } = setup(5);
    engine.handle(init);
    engine.handle({ type: 'start' });
    expect(engine.running).toBe(true);
    let guard = 0;
    while (engine.running && guard++ < 1000) engine.runSlice(2);
    engine.handle({ type: 'frame' });
    const last = snapshots().at(-1)!;
    expect(last).toMatchObject({ status: 'stopped', stopReason: 'completed', epoch: 5, steps: 5 * 24 });
    expect(last.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(last.history[4]!.metrics.rmse).toBeLessThan(last.history[0]!.metrics.rmse!);
    expect(last.valRmse).toBeGreaterThan(0);
  });

  it('sends only the new epochs after the first snapshot', () => {
    const { engine, init, snapshots } = setup();
    engine.handle(init);
    engine.handle({ type: 'step', count: 48 });
    engine.handle({ type: 'frame' });
    engine.handle({ type: 'step', count: 24 });
    engine.handle({ type: 'frame' });
    const [a, b] = snapshots();
    expect(a).toMatchObject({ historyFrom: 0 });
    expect(a!.history).toHaveLength(2);
    expect(b).toMatchObject({ historyFrom: 2 });
    expect(b!.history.map((h) => h.epoch)).toEqual([3]);
  });

  it('takes a new learning rate and higher max epochs without a reset', () => {
    const { engine, init, snapshots } = setup(1);
    engine.handle(init);
    engine.handle({ type: 'step', count: 100 });
    engine.handle({ type: 'frame' });
    expect(snapshots()[0]).toMatchObject({ status: 'stopped', stopReason: 'completed', steps: 24 });
    engine.handle({ type: 'update', settings: { learningRate: 0.05, maxEpochs: 3 } });
    engine.handle({ type: 'step', count: 1 });
    engine.handle({ type: 'frame' });
    expect(snapshots()[1]).toMatchObject({ status: 'paused', stopReason: null, steps: 25 });
  });

  it('exports and imports weights', () => {
    const { engine, init, out } = setup();
    engine.handle(init);
    engine.handle({ type: 'step', count: 10 });
    engine.handle({ type: 'exportWeights', requestId: 7 });
    const reply = out.find((m) => m.type === 'weights');
    expect(reply).toMatchObject({ type: 'weights', requestId: 7, weights: { format: 'aelab-dense-weights', inputSize: 8 } });
    const weights = reply!.type === 'weights' ? reply!.weights! : null;
    const fresh = setup();
    fresh.engine.handle(fresh.init);
    fresh.engine.handle({ type: 'importWeights', weights: weights! });
    fresh.engine.handle({ type: 'frame' });
    engine.handle({ type: 'frame' });
    const a = fresh.snapshots()[0]!;
    const b = out.filter((m) => m.type === 'snapshot').at(-1)!;
    expect(Array.from(a.params)).toEqual(Array.from(b.type === 'snapshot' ? b.snapshot.params : []));
  });

  it('reports problems as messages instead of throwing', () => {
    const { engine, out, init } = setup();
    engine.handle({ type: 'start' });
    expect(out[0]).toMatchObject({ type: 'error', code: 'NOT_READY' });
    engine.handle(init);
    engine.handle({ type: 'update', settings: { learningRate: -1 } });
    expect(out.at(-1)).toMatchObject({ type: 'error', code: 'INVALID_ARGUMENT' });
  });

  it('ignores the convergence epsilon while its stop is off, and goes on when it is switched off after a stop', () => {
    // An epsilon of 1 converges after the second epoch on this data.
    const on = setup(6, 1);
    on.engine.handle(on.init);
    on.engine.handle({ type: 'step', count: 6 * 24 });
    on.engine.handle({ type: 'frame' });
    expect(on.snapshots()[0]).toMatchObject({ status: 'stopped', stopReason: 'converged', epoch: 2 });
    on.engine.handle({ type: 'update', settings: { stopOnConvergence: false } });
    on.engine.handle({ type: 'step', count: 6 * 24 });
    on.engine.handle({ type: 'frame' });
    expect(on.snapshots()[1]).toMatchObject({ status: 'stopped', stopReason: 'completed', epoch: 6 });

    const off = setup(6, 1);
    off.engine.handle({ type: 'update', settings: { stopOnConvergence: false } });
    off.engine.handle(off.init);
    off.engine.handle({ type: 'step', count: 6 * 24 });
    off.engine.handle({ type: 'frame' });
    expect(off.snapshots()[0]).toMatchObject({ stopReason: 'completed', epoch: 6 });
  });

  it('paces training to the speed limit', () => {
    let clock = 0;
    const { init } = setup();
    const out: FromEngine[] = [];
    const engine = new TrainingEngine((m) => out.push(m), () => clock);
    engine.handle(init);
    engine.handle({ type: 'update', settings: { maxStepsPerSecond: 1000 } });
    engine.handle({ type: 'start' });
    let steps = 0;
    for (let frame = 0; frame < 60; frame++) {
      clock += 1000 / 60;
      steps += engine.runSlice();
    }
    // One second of frames at 1000 steps/s: about 1000 updates, about 40 epochs, far from converged.
    expect(steps).toBeGreaterThan(900);
    expect(steps).toBeLessThan(1100);
    expect(engine.running).toBe(true);
  });

  it('carries on from an imported run: its steps, epochs and curve', () => {
    const first = setup();
    first.engine.handle(first.init);
    first.engine.handle({ type: 'step', count: 48 });
    first.engine.handle({ type: 'frame' });
    const trained = first.snapshots()[0]!;
    first.engine.handle({ type: 'exportWeights', requestId: 1 });
    const reply = first.out.find((m) => m.type === 'weights');
    const weights = reply?.type === 'weights' ? reply.weights! : undefined;

    const again = setup();
    again.engine.handle({ ...again.init, weights, resume: { steps: trained.steps, epoch: trained.epoch, history: trained.history } });
    again.engine.handle({ type: 'frame' });
    const restored = again.snapshots()[0]!;
    expect(restored).toMatchObject({ steps: 48, epoch: 2, historyFrom: 0 });
    expect(restored.history).toEqual(trained.history);
    again.engine.handle({ type: 'step', count: 24 });
    again.engine.handle({ type: 'frame' });
    expect(again.snapshots()[1]).toMatchObject({ steps: 72, epoch: 3, historyFrom: 2 });
    expect(again.snapshots()[1]!.history.map((h) => h.epoch)).toEqual([3]);
  });
});
