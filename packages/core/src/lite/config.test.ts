import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../config/index.js';
import { liteTrainerOptions, liteUnsupported } from './config.js';
import { LiteTrainer } from './trainer.js';

const base = {
  seed: 4,
  data: { name: 'gaussian', k: 3, d: 8 },
  model: { type: 'dense', layers: [{ units: 8, activation: 'tanh' }, { units: 2, activation: 'identity' }, { units: 8, activation: 'tanh' }], outputActivation: 'sigmoid' },
  training: { optimizer: { type: 'momentum', momentum: 0.8 }, learningRate: 0.05, batchSize: 10, epochs: 7, convergenceEpsilon: 1e-6 },
};

describe('liteTrainerOptions', () => {
  it('maps a dense run config onto the lite trainer', () => {
    const o = liteTrainerOptions(parseRunConfig(base), 8);
    expect(o.net.layers.map((l) => `${l.units}:${l.activation}`)).toEqual(['8:tanh', '2:identity', '8:tanh', '8:sigmoid']);
    expect(o.codeLayer).toBe(1);
    expect(o).toMatchObject({ learningRate: 0.05, batchSize: 10, seed: 4, maxEpochs: 7, convergenceEpsilon: 1e-6, optimizer: { type: 'momentum', momentum: 0.8 } });
    const x = new Float32Array(40 * 8).fill(0.5);
    expect(() => new LiteTrainer(o, { x, count: 40, dim: 8 }).run(10)).not.toThrow();
  });

  it('names what the browser trainer cannot do', () => {
    const config = parseRunConfig({
      ...base,
      model: { ...base.model, tiedWeights: true, layers: [{ units: 8, batchNorm: true }, { units: 2 }, { units: 8 }] },
      training: { ...base.training, loss: 'bce' },
    });
    const paths = liteUnsupported(config).map((i) => i.path);
    expect(paths).toEqual(['training.loss', 'model.tiedWeights', 'model.layers[0].batchNorm']);
    expect(() => liteTrainerOptions(config, 8)).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
  });
});
