import { stackedModelSchema } from '../../config/model.js';
import type { Dense } from '../../layers/dense.js';
import { StackedAutoEncoder, stackedAutoEncoderConfig } from '../../models/stacked.js';
import type { TrainEvent } from '../../training/events.js';
import { trainGreedyStack } from '../../training/greedy.js';
import { train } from '../../training/train.js';
import { abortError } from '../errors.js';
import { LabClassifier } from './classifier.js';
import type { LabRecipe } from './definition.js';
import { curveOf, labTraining, trainData } from './training.js';
import type { CurvePoint, HiddenActivation, LabData } from './types.js';

/** What one Table 2 network leaves: its test accuracy, the epochs each stage ran and its fine-tuning curve. */
export interface StackOutcome {
  testAccuracy: number;
  validationAccuracy: number;
  trainAccuracy: number;
  /** Epochs of each greedy pretraining level, until early stopping. */
  pretrainEpochs: number[];
  /** Epochs of end-to-end fine-tuning (the report's "epochs to convergence"). */
  fineTuneEpochs: number;
  fineTuneCurve: CurvePoint[];
}

export interface TrainedNetwork {
  outcome: StackOutcome;
  classifier: LabClassifier;
}

export interface StackHooks {
  signal?: AbortSignal | undefined;
  onEpoch?: (stage: number, stages: number, epoch: number, epochs: number, loss: number) => void;
}

/** "128-256" to [128, 256]; "none" to []. */
export function layoutUnits(layout: string): number[] {
  return layout === 'none' ? [] : layout.split('-').map(Number);
}

/**
 * Greedy layer-wise pretraining: level i is a 784-…-u_i autoencoder on level i-1's codes (sigmoid output on the
 * pixels; deeper levels reconstruct codes with the codes' own activation), MSE, the lab's SGD and early stopping.
 */
async function pretrain(units: number[], activation: HiddenActivation, data: LabData, recipe: LabRecipe, seed: number, hooks: StackHooks): Promise<{ stack: StackedAutoEncoder; epochs: number[] }> {
  const init = { type: 'gaussian' as const, std: recipe.sgd.initStd };
  const config = stackedModelSchema.parse({
    type: 'stacked',
    levels: units.map((u, i) => ({ units: u, activation, outputActivation: i === 0 ? 'sigmoid' : activation, initializer: init })),
  });
  const stack = new StackedAutoEncoder(stackedAutoEncoderConfig(config, [data.train.x.cols]), { seed });
  try {
    const stages = units.length + 1;
    const max = recipe.stacks.pretrainMaxEpochs;
    const result = await trainGreedyStack(stack, trainData(data.train, true), {
      seed,
      training: labTraining(recipe, max),
      validation: trainData(data.validation, true),
      levels: units.map(() => ({ epochs: max })),
      stepEventEvery: 1_000_000,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onEvent: (e: TrainEvent) => {
        if (e.type !== 'epoch') return;
        const level = Number(/\d+/.exec(e.stage ?? '1')?.[0] ?? 1);
        hooks.onEpoch?.(level, stages, e.epoch, max, e.loss);
      },
    });
    if (result.reason === 'aborted') throw abortError();
    return { stack, epochs: result.stages.map((s) => s.result.epochs) };
  } catch (err) {
    stack.dispose();
    throw err;
  }
}

/** One Table 2 network: pretraining (when it has hidden layers), then supervised fine-tuning of the whole network. */
export async function trainNetwork(layout: string, activation: HiddenActivation, data: LabData, recipe: LabRecipe, seed: number, hooks: StackHooks = {}): Promise<TrainedNetwork> {
  const units = layoutUnits(layout);
  const batchNorm = activation === 'relu' && recipe.stacks.batchNormReLU && units.length > 0;
  const classifier = new LabClassifier(data.train.x.cols, units, activation, batchNorm, recipe.sgd.initStd, data.classes, seed);
  try {
    let pretrainEpochs: number[] = [];
    if (units.length > 0) {
      const { stack, epochs } = await pretrain(units, activation, data, recipe, seed, hooks);
      pretrainEpochs = epochs;
      stack.encoders().forEach((enc, i) => {
        const dense = enc as Dense;
        classifier.loadEncoder(i, dense.kernel!, dense.bias);
      });
      stack.dispose();
    }
    const max = recipe.stacks.fineTuneMaxEpochs;
    const stages = units.length + 1;
    const result = await train(classifier, trainData(data.train, true), {
      training: labTraining(recipe, max),
      seed: seed + 1000,
      validation: trainData(data.validation, true),
      stepEventEvery: 1_000_000,
      stage: 'fine-tune',
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onEvent: (e: TrainEvent) => {
        if (e.type === 'epoch') hooks.onEpoch?.(stages, stages, e.epoch, max, e.loss);
      },
    });
    if (result.reason === 'aborted') throw abortError();
    return {
      classifier,
      outcome: {
        testAccuracy: await classifier.accuracy(data.test.x, data.test.y),
        validationAccuracy: await classifier.accuracy(data.validation.x, data.validation.y),
        trainAccuracy: await classifier.accuracy(data.train.x, data.train.y),
        pretrainEpochs,
        fineTuneEpochs: result.epochs,
        fineTuneCurve: curveOf(result.history, 'crossEntropy'),
      },
    };
  } catch (err) {
    classifier.dispose();
    throw err;
  }
}
