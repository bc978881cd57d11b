import { optimizerSchema } from '@aelab/core';
import type { OptimizerType, PlaygroundConfig, PlaygroundOptimizer } from './types.js';

/** The page's starting point: the 8-8-2-8-8 autoencoder on three clusters in 8 dimensions. */
export function defaultConfig(): PlaygroundConfig {
  return {
    seed: 1,
    data: { name: 'gaussian', k: 3, d: 8, pointsPerCluster: 100, spread: 0.1, seed: 1 },
    model: {
      type: 'dense',
      layers: [
        { units: 8, activation: 'tanh' },
        { units: 2, activation: 'identity' },
        { units: 8, activation: 'tanh' },
      ],
      codeLayer: 1,
      outputActivation: 'sigmoid',
    },
    training: {
      optimizer: defaultOptimizer('adam'),
      learningRate: 0.01,
      batchSize: 10,
      epochs: 1000,
      convergenceEpsilon: 1e-7,
      validationFraction: 0.2,
      loss: 'mse',
    },
  };
}

/** The shared schema's defaults for each optimizer (tfjs's). */
export function defaultOptimizer(type: OptimizerType): PlaygroundOptimizer {
  return optimizerSchema.parse({ type });
}

/** The learning rate each optimizer usually wants on this small problem. */
export const SUGGESTED_LEARNING_RATE: Record<OptimizerType, number> = { sgd: 0.1, momentum: 0.05, rmsprop: 0.005, adam: 0.01 };

export const LIMITS = {
  maxClusters: 10,
  maxDimensions: 64,
  maxPoints: 5000,
  maxUnits: 128,
  maxLayers: 9,
} as const;
