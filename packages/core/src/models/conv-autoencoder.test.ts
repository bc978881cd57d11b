import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniformData, useCpu } from '../../test/helpers.js';
import { parseRunConfig } from '../config/parse.js';
import type { ConvModelConfig } from '../config/model.js';
import { loadModel, saveModel } from '../io/model-io.js';
import { presetConfig } from '../presets/index.js';
import { buildModel } from './build.js';
import { ConvAutoEncoder } from './conv-autoencoder.js';

beforeAll(useCpu);

/** The CIFAR-10 document's model, as the cifar-conv preset gives it. */
function cifarModel(): ConvModelConfig {
  const { model } = presetConfig('cifar-conv');
  if (model.type !== 'conv') throw new Error('cifar-conv should be a conv model');
  return model;
}

describe('ConvAutoEncoder', () => {
  it('summarises the CIFAR model with exactly 1,495 parameters', () => {
    const m = buildModel(cifarModel(), [32, 32, 3]);
    expect(m).toBeInstanceOf(ConvAutoEncoder);
    const s = m.summary();
    expect(s.layers.map((l) => l.params)).toEqual([448, 0, 580, 0, 272, 195]);
    expect(s.layers.map((l) => l.outputShape)).toEqual([
      [32, 32, 16],
      [16, 16, 16],
      [16, 16, 4],
      [8, 8, 4],
      [16, 16, 16],
      [32, 32, 3],
    ]);
    expect(s.totalParams).toBe(1495);
    expect((m as ConvAutoEncoder).codeShape).toEqual([8, 8, 4]);
    m.dispose();
  });

  it('trains a step, and saves and loads with identical outputs', () => {
    const m = buildModel(cifarModel(), [8, 8, 3], { seed: 2 }) as ConvAutoEncoder;
    const x = tf.tensor4d(uniformData(2, 8 * 8 * 3), [2, 8, 8, 3]);
    const r = m.lossTerms({ x }, { training: true }, 'bce');
    expect(Number.isFinite(r.total.dataSync()[0])).toBe(true);
    const artifacts = saveModel(m);
    const copy = loadModel({ json: JSON.parse(JSON.stringify(artifacts.json)), weightData: artifacts.weightData });
    expect(Array.from(copy.reconstruct(x).dataSync())).toEqual(Array.from(m.reconstruct(x).dataSync()));
    m.dispose();
    copy.dispose();
  });

  it('rejects layer lists that do not give back the input shape', () => {
    const config = parseRunConfig({ data: { name: 'cifar10' }, model: { type: 'conv', layers: cifarModel().layers.slice(0, 5).concat([{ type: 'conv2d', filters: 3 } as never]) } });
    expect(() => buildModel(config.model, [32, 32, 3])).toThrow(/input is \[32, 32, 3\]/);
  });
});
