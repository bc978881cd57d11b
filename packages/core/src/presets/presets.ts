import { parseRunConfig } from '../config/parse.js';
import type { RunConfig, RunConfigInput } from '../config/run.js';
import { CoreError } from '../errors.js';

/** A named, documented run config: every model of the four source documents. */
export interface Preset {
  name: string;
  title: string;
  /** What the model is and what the preset chose where its source says nothing. */
  description: string;
  /** The source document and section. */
  source: string;
  config: RunConfigInput;
}

const DDAE = 'Pan & Zhao, "Deep Autoencoder Model Construction Based on DropConnect" (DDAE), section 3';
const LAB = 'Cedergren, Törnégren & Xiong, "Deep neural network architectures with autoencoders" (lab report 4), section 3';

/** The DDAE paper's two-level stack: sigmoid units, tied decoders (z = s(W^T y + b')), KL(x || z) loss, SGD. */
function ddaeStack(variant: 'ddae' | 'ae' | 'sae' | 'dae', dataset: 'mnist' | 'usps'): RunConfigInput {
  const level1: Record<string, unknown> = { units: 500, tiedWeights: true };
  const level2: Record<string, unknown> = { units: 300, tiedWeights: true };
  if (variant === 'ddae') level1.dropConnect = { keepProbability: 0.9, maskMode: 'per-minibatch' };
  if (variant === 'sae') for (const l of [level1, level2]) l.regularization = { sparsity: { rho: 0.05, beta: 3 } };
  if (variant === 'dae') for (const l of [level1, level2]) l.corruption = { type: 'masking', fraction: 0.2 };
  return {
    name: `${variant === 'ddae' ? 'ddae' : `ddae-${variant}`}-${dataset}`,
    seed: 0,
    data: dataset === 'mnist' ? { name: 'mnist', trainSize: 6000, testSize: 1000 } : { name: 'usps', testSize: 2007 },
    model: { type: 'stacked', levels: [level1, level2] as never },
    training: { optimizer: { type: 'sgd' }, learningRate: 0.05, loss: 'kl', batchSize: 100, epochs: 20, validationFraction: 0.1 },
  };
}

function labSingle(units: number, overrides: Record<string, unknown> = {}): RunConfigInput {
  return {
    name: `lab-${units > 784 ? 'over' : 'under'}-${units}`,
    seed: 0,
    data: { name: 'mnist-binary', trainSize: 8000, testSize: 2000 },
    model: {
      type: 'dense',
      layers: [{ units, activation: 'relu', initializer: { type: 'gaussian', std: 0.05 } }],
      outputActivation: 'sigmoid',
      outputInitializer: { type: 'gaussian', std: 0.05 },
      ...overrides,
    },
    training: {
      optimizer: { type: 'momentum', momentum: 0.9 },
      learningRate: 0.1,
      loss: 'mse',
      batchSize: 64,
      epochs: 30,
      validationFraction: 0.2,
      earlyStopping: { patience: 2, minDelta: 1e-6 },
    },
  };
}

const ddaeNotes =
  'The paper gives no layer widths, learning rate or epochs; these are 500-300 hidden units (the wider stack that scored best in the ' +
  'reference runs), plain SGD with learning rate 0.05 on the per-sample KL sum, batches of 100, 20 epochs per level. ' +
  'Classification (KELM on the top codes) is done by @aelab/kelm.';

export const presets: readonly Preset[] = [
  {
    name: 'ddae-mnist',
    title: 'DDAE on MNIST: DropConnect stacked autoencoder (6,000 / 1,000 digits)',
    description:
      'Two greedily trained sigmoid autoencoders with tied decoders; the first drops each input weight with probability 0.1 while ' +
      `training (DropConnect, one mask per minibatch). 6,000 training and 1,000 test digits drawn at random, as in the paper. ${ddaeNotes}`,
    source: `${DDAE}.2-3.3.3, table 3.2`,
    config: ddaeStack('ddae', 'mnist'),
  },
  {
    name: 'ddae-usps',
    title: 'DDAE on USPS: DropConnect stacked autoencoder (7,291 / 2,007 digits)',
    description: `The DDAE stack on all USPS training and test digits (16x16). ${ddaeNotes}`,
    source: `${DDAE}.2-3.3.2, table 3.1`,
    config: ddaeStack('ddae', 'usps'),
  },
  ...(['mnist', 'usps'] as const).flatMap((dataset) => [
    {
      name: `ddae-ae-${dataset}`,
      title: `DDAE baseline "AE" on ${dataset.toUpperCase()}: the same stack without DropConnect`,
      description: `The DDAE paper's AE baseline: the DDAE stack with every weight kept. ${ddaeNotes}`,
      source: `${DDAE}.3, tables 3.1-3.2`,
      config: ddaeStack('ae', dataset),
    },
    {
      name: `ddae-sae-${dataset}`,
      title: `DDAE baseline "SAE" on ${dataset.toUpperCase()}: sparse stacked autoencoder`,
      description: `The DDAE paper's SAE baseline: KL sparsity (target activation 0.05, weight 3) on each level's code. ${ddaeNotes}`,
      source: `${DDAE}.3, tables 3.1-3.2`,
      config: ddaeStack('sae', dataset),
    },
    {
      name: `ddae-dae-${dataset}`,
      title: `DDAE baseline "DAE" on ${dataset.toUpperCase()}: denoising stacked autoencoder`,
      description: `The DDAE paper's DAE baseline: each level learns from inputs with 20% of the values zeroed (masking noise). ${ddaeNotes}`,
      source: `${DDAE}.3, tables 3.1-3.2`,
      config: ddaeStack('dae', dataset),
    },
  ]),
  {
    name: 'demo-2d',
    title: 'Interactive demo: 8-6-2-6-8 autoencoder on Gaussian clusters with a 2-D code',
    description:
      'The demonstration program\'s setup: points from several normal distributions, a code layer of exactly two neurons to ' +
      'watch in 2-D, tanh hidden layers, RMSE objective, stop at convergence epsilon. Snapshots every 10 steps feed the ' +
      'code scatter and the weights view. Widths, optimizer and rates are this preset\'s choice (the document leaves them to the form).',
    source: '"Demonstration of Autoencoder learning process", sections 2-3',
    config: {
      name: 'demo-2d',
      seed: 0,
      data: { name: 'gaussian', k: 4, d: 8, pointsPerCluster: 100, spread: 0.08 },
      model: {
        type: 'dense',
        layers: [
          { units: 6, activation: 'tanh' },
          { units: 2, activation: 'tanh' },
          { units: 6, activation: 'tanh' },
        ],
        outputActivation: 'sigmoid',
      },
      training: {
        optimizer: { type: 'adam' },
        learningRate: 0.01,
        loss: 'mse',
        batchSize: 16,
        epochs: 200,
        validationFraction: 0,
        convergenceEpsilon: 1e-6,
        snapshotEvery: 10,
      },
    },
  },
  ...[128, 256, 512].map((units) => ({
    name: `lab-under-${units}`,
    title: `Lab: under-complete autoencoder, 784-${units}-784 on binary MNIST`,
    description:
      `One hidden layer of ${units} ReLU units (the lab also ran sigmoid: set model.layers[0].activation), sigmoid output, MSE, ` +
      'weights from N(0, 0.05), SGD with momentum 0.9 and learning rate 0.1, an 80/20 train/validation split of 8,000 digits, ' +
      'early stopping when the validation loss improves by less than 1e-6.',
    source: `${LAB}.1, figures 1-2`,
    config: labSingle(units),
  })),
  {
    name: 'lab-over-1024',
    title: 'Lab: over-complete denoising autoencoder, 784-1024-784 on binary MNIST',
    description:
      'One hidden layer of 1,024 ReLU units trained on inputs with Gaussian noise (sigma 0.3, the lab\'s recommendation against ' +
      'over-fitting); the lab\'s alternatives are L1/L2 penalties (model.regularization.l1Activity / l2Weights, lambda 1e-7 or 1e-5). ' +
      'Sparseness of the codes is reported in the results.',
    source: `${LAB}.1, figures 3-5, table 1`,
    config: labSingle(1024, { corruption: { type: 'gaussian', sigma: 0.3 } }),
  },
  {
    name: 'lab-stack-256-256',
    title: 'Lab: stacked autoencoder 784-256-256 with softmax fine-tuning on binary MNIST',
    description:
      'Greedy layer-wise pre-training of two 256-unit ReLU autoencoders, then end-to-end training with a softmax head (one row of ' +
      'the lab\'s table 2; change model.levels for the others). Learning rate 0.1, momentum 0.9, weights from N(0, 0.05), early ' +
      'stopping at a validation improvement below 1e-6.',
    source: `${LAB}.2, table 2`,
    config: {
      name: 'lab-stack-256-256',
      seed: 0,
      data: { name: 'mnist-binary', trainSize: 8000, testSize: 2000 },
      model: {
        type: 'stacked',
        levels: [
          { units: 256, activation: 'relu', initializer: { type: 'gaussian', std: 0.05 } },
          { units: 256, activation: 'relu', outputActivation: 'relu', initializer: { type: 'gaussian', std: 0.05 } },
        ],
        fineTune: { epochs: 15 },
      },
      training: {
        optimizer: { type: 'momentum', momentum: 0.9 },
        learningRate: 0.1,
        loss: 'mse',
        batchSize: 64,
        epochs: 5,
        validationFraction: 0.2,
        earlyStopping: { patience: 1, minDelta: 1e-6 },
      },
    },
  },
  {
    name: 'cifar-conv',
    title: 'Convolutional autoencoder on CIFAR-10 (1,495 parameters)',
    description:
      'Conv(3->16, 3x3, pad 1)-ReLU-MaxPool(2)-Conv(16->4, 3x3, pad 1)-ReLU-MaxPool(2)-ConvT(4->16, 2x2, stride 2)-ReLU-' +
      'ConvT(16->3, 2x2, stride 2)-Sigmoid; binary cross-entropy, Adam with learning rate 0.001, batches of 128, 100 epochs ' +
      '(the paper reached a BCE of 0.574). Scored on every test image the data holds. The code is the 8x8x4 map after the second pooling.',
    source: '"Neural network autoencoder on the example of CIFAR-10", section 2, listings 2.1-2.2',
    config: {
      name: 'cifar-conv',
      seed: 0,
      // Every test image the data has: 10,000 in a full download, the first 1,000 in ../shared/data.
      data: { name: 'cifar10', testSize: 'all' },
      model: {
        type: 'conv',
        layers: [
          { type: 'conv2d', filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' },
          { type: 'maxPool', poolSize: 2 },
          { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
          { type: 'maxPool', poolSize: 2 },
          { type: 'conv2dTranspose', filters: 16, kernelSize: 2, strides: 2, activation: 'relu' },
          { type: 'conv2dTranspose', filters: 3, kernelSize: 2, strides: 2, activation: 'sigmoid' },
        ],
      },
      training: { optimizer: { type: 'adam' }, learningRate: 0.001, loss: 'bce', batchSize: 128, epochs: 100, validationFraction: 0 },
    },
  },
];

export function presetNames(): string[] {
  return presets.map((p) => p.name);
}

/** The preset called `name`; CoreError('UNKNOWN_PRESET') naming the known ones otherwise. */
export function getPreset(name: string): Preset {
  const p = presets.find((x) => x.name === name);
  if (!p) throw new CoreError('UNKNOWN_PRESET', `unknown preset "${name}" (known: ${presetNames().join(', ')})`);
  return p;
}

/** A preset's config with every default filled in (a fresh copy each call). */
export function presetConfig(name: string): RunConfig {
  return parseRunConfig(structuredClone(getPreset(name).config));
}
