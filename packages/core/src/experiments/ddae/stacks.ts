import * as tf from '@tensorflow/tfjs';
import { stackedModelSchema, type StackedModelConfig } from '../../config/index.js';
import { saveModel } from '../../io/index.js';
import { StackedAutoEncoder, stackedAutoEncoderConfig } from '../../models/index.js';
import { stackCodesAsync, trainGreedyStack, type TrainEvent } from '../../training/index.js';
import { CoreError } from '../../errors.js';
import { abortError } from '../errors.js';
import type { ArtifactSink } from '../experiment.js';
import type { StackRecipe } from './config.js';
import type { LabelledSet, Matrix, TableData } from './table-data.js';
import type { StackModelName } from './types.js';

/** A trained two-level stack as the experiment uses it. */
export interface TrainedStack {
  /** Top-level codes (inference mode: DropConnect's expected weights, no corruption). */
  encode(x: Matrix): Promise<Matrix>;
  /** The first level's encoder kernel [inputs x units], row-major. */
  firstLevelWeights(): Promise<{ values: Float32Array; inputs: number; units: number }>;
  /** The first level alone: encode then decode, as the paper's Fig. 3.6 shows. */
  reconstructFirstLevel(x: Matrix): Promise<Matrix>;
  /** model.json + weights.bin (aelab's model format) into `dir` of the sink. */
  save(dir: string, sink: ArtifactSink): Promise<void>;
  dispose(): void;
}

export interface StackHooks {
  signal?: AbortSignal | undefined;
  onEpoch?: (level: number, levels: number, epoch: number, epochs: number, loss: number) => void;
}

/**
 * The model config of one stack row. Every level is a tied-weight sigmoid autoencoder; SAE adds the KL sparsity
 * penalty and DAE input corruption to both levels; DDAE puts DropConnect on the first level's encoder only, as the
 * paper's Fig. 3.4 does.
 */
export function stackModelConfig(model: StackModelName, recipe: StackRecipe): StackedModelConfig {
  if (recipe.units.length !== recipe.epochs.length) throw new CoreError('INVALID_OPTIONS', `a stack needs one epoch count per level: units ${recipe.units.join('-')}, epochs ${recipe.epochs.join('+')}`);
  const level = (i: number) => ({
    units: recipe.units[i]!,
    activation: 'sigmoid' as const,
    outputActivation: 'sigmoid' as const,
    tiedWeights: true,
    epochs: recipe.epochs[i]!,
    regularization: model === 'SAE' ? { sparsity: recipe.sparsity } : {},
    ...(model === 'DAE' ? { corruption: recipe.corruption } : {}),
    ...(model === 'DDAE' && i === 0 ? { dropConnect: recipe.dropConnect } : {}),
  });
  return stackedModelSchema.parse({
    type: 'stacked',
    levels: recipe.units.map((_, i) => level(i)),
    ...(recipe.fineTune ? { fineTune: recipe.fineTune } : {}),
  });
}

/**
 * What a stack learns from: `pretrain` feeds the greedy autoencoder levels (the improved recipe adds shifted copies
 * or unlabelled digits to it), `labelled` the supervised fine-tuning. Both default to the table's training data.
 */
export interface StackData {
  pretrain: Matrix;
  labelled: LabelledSet;
}

/** Trains one stack row greedily (then fine-tunes it when the recipe says so) on the table's training data. */
export async function trainStack(model: StackModelName, table: TableData, recipe: StackRecipe, seed: number, hooks: StackHooks = {}, data?: StackData): Promise<TrainedStack> {
  const config = stackModelConfig(model, recipe);
  const dim = table.train.x.cols;
  const pretrain = data?.pretrain ?? table.train.x;
  const labelled = data?.labelled ?? table.train;
  const stack = new StackedAutoEncoder(stackedAutoEncoderConfig(config, [dim]), { seed });
  const levels = config.levels.length + (config.fineTune ? 1 : 0);
  const epochsOf = (stage: number) => (stage < config.levels.length ? config.levels[stage]!.epochs! : config.fineTune!.epochs);
  const options = {
    seed,
    training: {
      optimizer: { type: recipe.optimizer },
      learningRate: recipe.learningRate,
      loss: recipe.loss,
      batchSize: recipe.batchSize,
      validationFraction: 0,
      checkpointEvery: 1_000_000,
    },
    levels: config.levels.map((l) => ({ epochs: l.epochs })),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    stepEventEvery: 1_000_000,
    onEvent: (e: TrainEvent) => {
      if (e.type !== 'epoch') return;
      const stage = e.stage === 'fine-tune' ? config.levels.length : Number(/\d+/.exec(e.stage ?? '1')?.[0] ?? 1) - 1;
      hooks.onEpoch?.(stage + 1, levels, e.epoch, epochsOf(stage), e.loss);
    },
  };
  const fineTune = config.fineTune ? { fineTune: { ...config.fineTune, classes: table.classes } } : {};
  try {
    if (pretrain === labelled.x) {
      const result = await trainGreedyStack(stack, { features: labelled.x.data, shape: [dim], count: labelled.x.rows, labels: labelled.y }, { ...options, ...fineTune });
      if (result.reason === 'aborted') throw abortError();
    } else {
      // Two calls when the levels learn from other samples than the labelled ones: the greedy levels first, then
      // the fine-tuning stage alone, resumed from the pretrained weights.
      const levelsResult = await trainGreedyStack(stack, { features: pretrain.data, shape: [dim], count: pretrain.rows }, options);
      if (levelsResult.reason === 'aborted') throw abortError();
      if (config.fineTune) {
        const resume = { version: 1 as const, kind: 'stack' as const, stage: config.levels.length, inner: null, weights: await stack.getWeightsAsync(), results: levelsResult.stages.map((s) => s.result) };
        const tuned = await trainGreedyStack(stack, { features: labelled.x.data, shape: [dim], count: labelled.x.rows, labels: labelled.y }, { ...options, ...fineTune, resume });
        if (tuned.reason === 'aborted') throw abortError();
      }
    }
  } catch (err) {
    stack.dispose();
    throw err;
  }
  return wrap(stack);
}

function wrap(stack: StackedAutoEncoder): TrainedStack {
  return {
    async encode(x) {
      const codes = await stackCodesAsync(stack, { features: x.data, shape: [x.cols], count: x.rows }, stack.levels.length);
      return { data: codes.features, rows: x.rows, cols: codes.shape[0]! };
    },
    async firstLevelWeights() {
      const kernel = stack.levels[0]!.firstKernel();
      if (!kernel) throw new Error('the first level has no dense kernel');
      const [inputs, units] = kernel.shape as [number, number];
      return { values: Float32Array.from((await kernel.data()) as Float32Array), inputs, units };
    },
    async reconstructFirstLevel(x) {
      const out = tf.tidy(() => stack.levels[0]!.reconstruct(tf.tensor2d(x.data, [x.rows, x.cols])));
      try {
        return { data: Float32Array.from((await out.data()) as Float32Array), rows: x.rows, cols: x.cols };
      } finally {
        out.dispose();
      }
    },
    async save(dir, sink) {
      const artifacts = saveModel(stack, await stack.getWeightsAsync());
      await sink.writeBytes(`${dir}/model.json`, new TextEncoder().encode(`${JSON.stringify(artifacts.json, null, 2)}\n`));
      await sink.writeBytes(`${dir}/weights.bin`, new Uint8Array(artifacts.weightData));
    },
    dispose() {
      stack.dispose();
    },
  };
}
