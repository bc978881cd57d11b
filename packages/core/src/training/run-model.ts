import type { RunConfig } from '../config/run.js';
import type { AnyModel } from '../models/build.js';
import { StackedAutoEncoder } from '../models/stacked.js';
import type { TrainData } from './data.js';
import { CoreError } from '../errors.js';
import { trainGreedyStack, type GreedyStackOptions, type StackCheckpoint } from './greedy.js';
import { train, type TrainCheckpoint, type TrainOptions, type TrainResult } from './train.js';

export type AnyCheckpoint = TrainCheckpoint | StackCheckpoint;

export interface TrainModelOptions extends Omit<TrainOptions, 'training' | 'seed' | 'onCheckpoint' | 'resume'> {
  onCheckpoint?: (checkpoint: AnyCheckpoint) => void | Promise<void>;
  resume?: AnyCheckpoint;
}

export interface TrainModelResult {
  reason: TrainResult['reason'];
  /** One entry per stage (a single one for dense and conv models). */
  stages: { stage: string; result: TrainResult }[];
}

/** Trains any model built from `config` the way the config says: `train` for dense/conv, greedy for stacked. */
export async function trainModel(model: AnyModel, data: TrainData, config: RunConfig, options: TrainModelOptions = {}): Promise<TrainModelResult> {
  const { onCheckpoint, resume, ...common } = options;
  if (model instanceof StackedAutoEncoder) {
    const levels = config.model.type === 'stacked' ? config.model.levels : [];
    const fineTune = config.model.type === 'stacked' ? config.model.fineTune : undefined;
    const greedy: GreedyStackOptions = { ...common, training: config.training, seed: config.seed, levels };
    if (fineTune) greedy.fineTune = fineTune;
    if (onCheckpoint) greedy.onCheckpoint = onCheckpoint;
    if (resume) {
      if (!('kind' in resume)) throw new CoreError('MODEL_FORMAT', 'the checkpoint is not from a stacked model');
      greedy.resume = resume;
    }
    return trainGreedyStack(model, data, greedy);
  }
  const single: TrainOptions = { ...common, training: config.training, seed: config.seed };
  if (onCheckpoint) single.onCheckpoint = onCheckpoint;
  if (resume) {
    if ('kind' in resume) throw new CoreError('MODEL_FORMAT', 'the checkpoint is from a stacked model');
    single.resume = resume;
  }
  const result = await train(model, data, single);
  return { reason: result.reason, stages: [{ stage: 'train', result }] };
}
