import * as tf from '@tensorflow/tfjs';
import type { StackedModelConfig } from '../config/model.js';
import { trainingConfigSchema } from '../config/training.js';
import { CoreError } from '../errors.js';
import { StackClassifier, type StackedAutoEncoder } from '../models/stacked.js';
import type { SavedArray } from '../optimizers/optimizers.js';
import { sampleSize, splitValidation, type TrainData } from './data.js';
import { train, type TrainCheckpoint, type TrainOptions, type TrainResult } from './train.js';

export interface GreedyStackOptions extends Omit<TrainOptions, 'resume' | 'onCheckpoint' | 'stage' | 'validation'> {
  /** Per-level epochs / learning rate and the fine-tune settings (a run config's stacked model). */
  levels?: Pick<StackedModelConfig['levels'][number], 'epochs' | 'learningRate'>[];
  fineTune?: StackedModelConfig['fineTune'];
  validation?: TrainData | null;
  onCheckpoint?: (checkpoint: StackCheckpoint) => void | Promise<void>;
  resume?: StackCheckpoint;
}

/** Where a greedy run stands: which stage, that stage's own checkpoint, and every weight of the stack. */
export interface StackCheckpoint {
  version: 1;
  kind: 'stack';
  /** Index of the stage in progress: levels first, then fine-tuning. */
  stage: number;
  inner: TrainCheckpoint | null;
  weights: SavedArray[];
  results: TrainResult[];
}

export interface GreedyStackResult {
  stages: { stage: string; result: TrainResult }[];
  reason: TrainResult['reason'];
}

const CODES_BATCH = 1024;

function codesLayout(stack: StackedAutoEncoder, data: TrainData, depth: number): { per: number; width: number; out: Float32Array } {
  const width = stack.levels[depth - 1]!.codeShape.reduce((a, b) => a * b, 1);
  return { per: sampleSize(data), width, out: new Float32Array(data.count * width) };
}

function codesBatch(stack: StackedAutoEncoder, data: TrainData, depth: number, per: number, start: number, size: number): tf.Tensor {
  return tf.tidy(() => stack.encode(tf.tensor2d(data.features.subarray(start * per, (start + size) * per), [size, per]), depth));
}

function codesData(data: TrainData, features: Float32Array, width: number): TrainData {
  const result: TrainData = { features, shape: [width], count: data.count };
  if (data.labels) result.labels = data.labels;
  return result;
}

/** Codes of `data` through the first `depth` levels, computed in batches (synchronous reads; see stackCodesAsync). */
export function stackCodes(stack: StackedAutoEncoder, data: TrainData, depth: number): TrainData {
  if (depth === 0) return data;
  const { per, width, out } = codesLayout(stack, data, depth);
  for (let start = 0; start < data.count; start += CODES_BATCH) {
    const codes = codesBatch(stack, data, depth, per, start, Math.min(CODES_BATCH, data.count - start));
    out.set(codes.dataSync(), start * width);
    codes.dispose();
  }
  return codesData(data, out, width);
}

/** stackCodes with asynchronous reads (every backend, WebGPU in Node included). */
export async function stackCodesAsync(stack: StackedAutoEncoder, data: TrainData, depth: number): Promise<TrainData> {
  if (depth === 0) return data;
  const { per, width, out } = codesLayout(stack, data, depth);
  for (let start = 0; start < data.count; start += CODES_BATCH) {
    const codes = codesBatch(stack, data, depth, per, start, Math.min(CODES_BATCH, data.count - start));
    try {
      out.set(await codes.data(), start * width);
    } finally {
      codes.dispose();
    }
  }
  return codesData(data, out, width);
}

/**
 * Greedy layer-wise training: level i is trained as its own autoencoder on the codes of levels 1..i-1 (computed in
 * inference mode, so DropConnect uses its expected weights). With `fineTune`, the encoders plus a softmax head are
 * then trained end to end on the labels. The validation split is drawn once from the inputs and used by every stage.
 */
export async function trainGreedyStack(stack: StackedAutoEncoder, data: TrainData, options: GreedyStackOptions = {}): Promise<GreedyStackResult> {
  const base = trainingConfigSchema.parse(options.training ?? {});
  const seed = options.seed ?? 0;
  let train0 = data;
  let validation = options.validation ?? null;
  if (!validation && base.validationFraction > 0) ({ train: train0, validation } = splitValidation(data, base.validationFraction, seed));

  const fineTune = options.fineTune;
  if (fineTune && !data.labels) throw new CoreError('INVALID_ARGUMENT', 'fine-tuning needs labelled data');
  const stageNames = stack.levels.map((_, i) => `level ${i + 1}`);
  if (fineTune) stageNames.push('fine-tune');

  const resume = options.resume;
  if (resume && resume.kind !== 'stack') throw new CoreError('MODEL_FORMAT', 'not a stacked-model checkpoint');
  let startStage = 0;
  const stages: GreedyStackResult['stages'] = [];
  if (resume) {
    if (fineTune && !stack.head && resume.stage >= stack.levels.length) stack.addClassifierHead(fineTune.classes ?? classCount(data), seed);
    stack.setWeights(resume.weights);
    startStage = resume.stage;
    resume.results.forEach((r, i) => stages.push({ stage: stageNames[i]!, result: r }));
  }

  const checkpointFor = async (stage: number, inner: TrainCheckpoint | null): Promise<StackCheckpoint> => ({
    version: 1,
    kind: 'stack',
    stage,
    inner,
    weights: await stack.getWeightsAsync(),
    results: stages.map((s) => s.result),
  });

  for (let s = startStage; s < stageNames.length; s++) {
    const isFineTune = s >= stack.levels.length;
    const stageName = stageNames[s]!;
    const levelCfg = isFineTune ? undefined : options.levels?.[s];
    const training = {
      ...base,
      ...(isFineTune ? { epochs: fineTune!.epochs } : levelCfg?.epochs !== undefined ? { epochs: levelCfg.epochs } : {}),
      ...(isFineTune && fineTune!.learningRate !== undefined ? { learningRate: fineTune!.learningRate } : {}),
      ...(levelCfg?.learningRate !== undefined ? { learningRate: levelCfg.learningRate } : {}),
      validationFraction: 0,
    };
    if (isFineTune && !stack.head) stack.addClassifierHead(fineTune!.classes ?? classCount(data), seed);
    const model = isFineTune ? new StackClassifier(stack) : stack.levels[s]!;
    const inputs = isFineTune ? train0 : await stackCodesAsync(stack, train0, s);
    const val = validation ? (isFineTune ? validation : await stackCodesAsync(stack, validation, s)) : null;
    const onCheckpoint = options.onCheckpoint;
    const stageOptions: TrainOptions = { training, seed: seed + s, validation: val, stage: stageName };
    if (options.signal) stageOptions.signal = options.signal;
    if (options.onEvent) stageOptions.onEvent = options.onEvent;
    if (options.stepEventEvery !== undefined) stageOptions.stepEventEvery = options.stepEventEvery;
    if (options.snapshotSamples !== undefined) stageOptions.snapshotSamples = options.snapshotSamples;
    if (onCheckpoint) stageOptions.onCheckpoint = async (cp) => onCheckpoint(await checkpointFor(s, cp));
    if (resume && s === startStage && resume.inner) stageOptions.resume = resume.inner;
    const result = await train(model, inputs, stageOptions);
    stages.push({ stage: stageName, result });
    if (result.reason === 'aborted') return { stages, reason: 'aborted' };
    if (onCheckpoint && s + 1 < stageNames.length) await onCheckpoint(await checkpointFor(s + 1, null));
  }
  return { stages, reason: stages[stages.length - 1]?.result.reason ?? 'completed' };
}

function classCount(data: TrainData): number {
  if (data.classNames && data.classNames.length > 0) return data.classNames.length;
  let max = 0;
  for (const l of data.labels ?? []) max = Math.max(max, l);
  return max + 1;
}
