import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';
import { stackModelConfig } from './stacks.js';

describe('stackModelConfig', () => {
  const recipe = resolveConfig('standard').stacks.mnist;

  it('makes every row a two-level tied-weight sigmoid stack with the recipe sizes', () => {
    for (const model of ['AE', 'SAE', 'DAE', 'DDAE'] as const) {
      const c = stackModelConfig(model, recipe);
      expect(c.levels.map((l) => l.units)).toEqual(recipe.units);
      expect(c.levels.map((l) => l.epochs)).toEqual(recipe.epochs);
      for (const l of c.levels) {
        expect(l.tiedWeights).toBe(true);
        expect(l.activation).toBe('sigmoid');
        expect(l.outputActivation).toBe('sigmoid');
      }
      expect(c.fineTune).toBeUndefined();
    }
  });

  it('adds only its own regulariser: DropConnect on level 1 for DDAE, sparsity and noise on both levels for SAE and DAE', () => {
    const ae = stackModelConfig('AE', recipe);
    expect(ae.levels.every((l) => !l.dropConnect && !l.corruption && !l.regularization.sparsity)).toBe(true);
    const ddae = stackModelConfig('DDAE', recipe);
    expect(ddae.levels[0]?.dropConnect).toEqual({ keepProbability: 0.9, maskMode: 'per-minibatch' });
    expect(ddae.levels[1]?.dropConnect).toBeUndefined();
    const sae = stackModelConfig('SAE', recipe);
    expect(sae.levels.map((l) => l.regularization.sparsity)).toEqual([recipe.sparsity, recipe.sparsity]);
    const dae = stackModelConfig('DAE', recipe);
    expect(dae.levels.map((l) => l.corruption)).toEqual([recipe.corruption, recipe.corruption]);
  });

  it('passes fine-tuning through when the recipe asks for it', () => {
    const c = stackModelConfig('DDAE', { ...recipe, fineTune: { epochs: 3, learningRate: 0.0005 } });
    expect(c.fineTune).toMatchObject({ epochs: 3, learningRate: 0.0005 });
  });
});
