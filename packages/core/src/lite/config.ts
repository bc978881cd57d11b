import type { RunConfig } from '../config/index.js';
import { CoreError } from '../errors.js';
import type { LiteTrainerOptions } from './trainer.js';

export interface LiteIssue {
  /** Dotted path into the run config, as `formatPath` writes it. */
  path: string;
  message: string;
}

/**
 * What in a (parsed) run config the lite trainer cannot do: it trains dense autoencoders with the MSE loss, L1/L2
 * penalties and Gaussian input noise.
 * Empty when the config fits.
 */
export function liteUnsupported(config: RunConfig): LiteIssue[] {
  const issues: LiteIssue[] = [];
  const model = config.model;
  if (model.type !== 'dense') {
    return [{ path: 'model.type', message: `the in-browser trainer handles dense autoencoders, not ${model.type}` }];
  }
  if (config.training.loss !== 'mse') issues.push({ path: 'training.loss', message: 'the in-browser trainer uses the mse loss' });
  if (model.tiedWeights) issues.push({ path: 'model.tiedWeights', message: 'tied weights are not supported in the browser' });
  if (model.corruption && model.corruption.type !== 'gaussian') {
    issues.push({ path: 'model.corruption', message: 'the in-browser trainer adds Gaussian noise only, not masking noise' });
  }
  if (model.outputDropConnect) issues.push({ path: 'model.outputDropConnect', message: 'DropConnect is not supported in the browser' });
  if (model.regularization.sparsity) {
    issues.push({ path: 'model.regularization.sparsity', message: 'the KL sparsity penalty is not supported in the browser (L1/L2 are)' });
  }
  model.layers.forEach((l, i) => {
    if (l.dropConnect) issues.push({ path: `model.layers[${i}].dropConnect`, message: 'DropConnect is not supported in the browser' });
    if (l.batchNorm) issues.push({ path: `model.layers[${i}].batchNorm`, message: 'batch normalisation is not supported in the browser' });
    if (!l.useBias) issues.push({ path: `model.layers[${i}].useBias`, message: 'layers without bias are not supported in the browser' });
  });
  return issues;
}

/** The code layer's index in `model.layers` (the middle one unless the config names it). */
export function codeLayerIndex(config: RunConfig): number {
  if (config.model.type !== 'dense') throw new CoreError('NOT_SUPPORTED', 'only dense models have a code layer index here');
  return config.model.codeLayer ?? Math.floor((config.model.layers.length - 1) / 2);
}

/** Trainer options for a dense run config on `inputSize` features. Throws CoreError('NOT_SUPPORTED') listing what does not fit. */
export function liteTrainerOptions(config: RunConfig, inputSize: number): LiteTrainerOptions {
  const issues = liteUnsupported(config);
  if (issues.length > 0 || config.model.type !== 'dense') {
    throw new CoreError('NOT_SUPPORTED', `lite trainer: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
  const model = config.model;
  const t = config.training;
  const { l1Weights, l2Weights, l1Activity, l2Activity } = model.regularization;
  const regularization = l1Weights || l2Weights || l1Activity || l2Activity ? { l1Weights, l2Weights, l1Activity, l2Activity } : undefined;
  return {
    net: {
      inputSize,
      layers: [
        ...model.layers.map((l) => ({ units: l.units, activation: l.activation, initializer: l.initializer })),
        { units: inputSize, activation: model.outputActivation, initializer: model.outputInitializer ?? { type: 'glorotUniform' as const } },
      ],
    },
    codeLayer: codeLayerIndex(config),
    optimizer: t.optimizer,
    learningRate: t.learningRate,
    batchSize: t.batchSize,
    seed: config.seed,
    shuffle: t.shuffle,
    maxEpochs: t.epochs,
    maxSteps: t.maxSteps,
    convergenceEpsilon: t.convergenceEpsilon,
    earlyStopping: t.earlyStopping,
    ...(regularization ? { regularization } : {}),
    ...(model.corruption?.type === 'gaussian' ? { corruption: { type: 'gaussian' as const, sigma: model.corruption.sigma } } : {}),
  };
}
