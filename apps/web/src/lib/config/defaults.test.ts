import { describe, expect, it } from 'vitest';
import { defaultOptimizer } from './defaults.js';
import { OPTIMIZERS } from './types.js';

describe('defaultOptimizer', () => {
  it("gives each optimizer the shared schema's (tfjs's) defaults, every field present for the form", () => {
    expect(OPTIMIZERS.map(defaultOptimizer)).toEqual([
      { type: 'sgd' },
      { type: 'momentum', momentum: 0.9, nesterov: false },
      { type: 'rmsprop', decay: 0.9, momentum: 0, epsilon: 1e-7 },
      { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    ]);
  });
});
