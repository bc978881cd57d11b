import type { LiteActivation } from '@aelab/core';

/** The activations the playground offers (the lite trainer also knows leakyRelu; the form keeps to four). */
export type PlaygroundActivation = Extract<LiteActivation, 'identity' | 'sigmoid' | 'tanh' | 'relu'>;
export const ACTIVATIONS: readonly PlaygroundActivation[] = ['identity', 'sigmoid', 'tanh', 'relu'];

export type OptimizerType = 'sgd' | 'momentum' | 'rmsprop' | 'adam';
export const OPTIMIZERS: readonly OptimizerType[] = ['sgd', 'momentum', 'rmsprop', 'adam'];

export interface GaussianData {
  name: 'gaussian';
  k: number;
  d: number;
  pointsPerCluster: number;
  spread: number;
  seed: number;
}

export interface InlineData {
  name: 'inline';
  points: number[][];
  labels?: number[];
  classNames?: string[];
}

export interface PlaygroundLayer {
  units: number;
  activation: PlaygroundActivation;
}

export type PlaygroundOptimizer =
  | { type: 'sgd' }
  | { type: 'momentum'; momentum: number; nesterov: boolean }
  | { type: 'rmsprop'; decay: number; momentum: number; epsilon: number }
  | { type: 'adam'; beta1: number; beta2: number; epsilon: number };

/**
 * What the playground edits: a run config (the shared schema's input shape) narrowed to what the page offers, with
 * every field present so form controls can bind to it. Numbers may be NaN/null while a user is typing; the
 * shared zod schema reports those at their paths.
 */
export interface PlaygroundConfig {
  seed: number;
  data: GaussianData | InlineData;
  model: {
    type: 'dense';
    layers: PlaygroundLayer[];
    codeLayer: number;
    outputActivation: PlaygroundActivation;
  };
  training: {
    optimizer: PlaygroundOptimizer;
    learningRate: number;
    batchSize: number;
    epochs: number;
    convergenceEpsilon: number;
    validationFraction: number;
    loss: 'mse';
  };
}
