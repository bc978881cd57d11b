import * as tf from '@tensorflow/tfjs';
import { denseModelSchema, type DenseModelConfig } from '../../config/model.js';
import { AutoEncoder, denseAutoEncoderConfig } from '../../models/autoencoder.js';
import { train } from '../../training/train.js';
import type { TrainEvent } from '../../training/events.js';
import { abortError } from '../errors.js';
import type { LabRecipe } from './definition.js';
import { codeSparseness, type CodeSparseness } from './sparseness.js';
import { curveOf, labTraining, trainData } from './training.js';
import type { CurvePoint, HiddenActivation, LabData, Matrix, PenaltyForm } from './types.js';

/** One 784-h-784 autoencoder of parts 1 and 2. */
export interface SingleSpec {
  units: number;
  activation: HiddenActivation;
  penalty?: { form: PenaltyForm; norm: 'L1' | 'L2'; lambda: number };
  /** Gaussian input noise sigma (denoising; the clean digit stays the target). */
  noise?: number;
}

/** What a single-layer job keeps: its curves, where it stopped, its errors and how sparse its codes are. */
export interface SingleOutcome {
  curve: CurvePoint[];
  epochs: number;
  stopReason: string;
  /** Mean squared reconstruction error per pixel, inference mode (no noise), at the end. */
  trainMse: number;
  validationMse: number;
  testMse: number;
  /** Of the codes of the validation digits. */
  sparseness: CodeSparseness;
}

export interface TrainedSingle {
  outcome: SingleOutcome;
  /** Encoder kernel [784 x units], row-major. */
  kernel: Float32Array;
  reconstruct(x: Matrix): Promise<Float32Array>;
  dispose(): void;
}

/**
 * The model config: N(0, 0.05) weights, zero biases, sigmoid output; the penalty on codes (summed over the batch when
 * the recipe says so, as Keras 2 did) or on the kernels.
 */
export function singleModelConfig(spec: SingleSpec, recipe: LabRecipe): DenseModelConfig {
  const init = { type: 'gaussian' as const, std: recipe.sgd.initStd };
  const p = spec.penalty;
  const key = p ? `${p.norm.toLowerCase()}${p.form === 'activity' ? 'Activity' : 'Weights'}` : null;
  const lambda = p ? (p.form === 'activity' && recipe.over.activityBatchSum ? p.lambda * recipe.sgd.batchSize : p.lambda) : 0;
  return denseModelSchema.parse({
    type: 'dense',
    layers: [{ units: spec.units, activation: spec.activation, initializer: init }],
    outputActivation: 'sigmoid',
    outputInitializer: init,
    regularization: key ? { [key]: lambda } : {},
    ...(spec.noise ? { corruption: { type: 'gaussian', sigma: spec.noise } } : {}),
  });
}

async function inBatches(x: Matrix, f: (batch: tf.Tensor2D) => tf.Tensor, width: number): Promise<Float32Array> {
  const out = new Float32Array(x.rows * width);
  const step = 500;
  for (let start = 0; start < x.rows; start += step) {
    const n = Math.min(step, x.rows - start);
    const y = tf.tidy(() => f(tf.tensor2d(x.data.subarray(start * x.cols, (start + n) * x.cols), [n, x.cols])));
    try {
      out.set((await y.data()) as Float32Array, start * width);
    } finally {
      y.dispose();
    }
  }
  return out;
}

function mse(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s / Math.max(1, a.length);
}

/** Trains one single-layer autoencoder until the validation loss stops improving (or the epoch cap). */
export async function trainSingle(
  spec: SingleSpec,
  data: LabData,
  recipe: LabRecipe,
  maxEpochs: number,
  seed: number,
  hooks: { signal?: AbortSignal | undefined; onEpoch?: (epoch: number, epochs: number, loss: number) => void } = {},
): Promise<TrainedSingle> {
  const config = singleModelConfig(spec, recipe);
  const dim = data.train.x.cols;
  const model = new AutoEncoder(denseAutoEncoderConfig(config, [dim]), { seed });
  try {
    const result = await train(model, trainData(data.train, false), {
      training: labTraining(recipe, maxEpochs),
      seed,
      validation: trainData(data.validation, false),
      stepEventEvery: 1_000_000,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onEvent: (e: TrainEvent) => {
        if (e.type === 'epoch') hooks.onEpoch?.(e.epoch, maxEpochs, e.loss);
      },
    });
    if (result.reason === 'aborted') throw abortError();
    const reconstruct = (x: Matrix) => inBatches(x, (b) => tf.reshape(model.reconstruct(b), [b.shape[0], dim]), dim);
    const codes = await inBatches(data.validation.x, (b) => model.encode(b), spec.units);
    const [trainRec, valRec, testRec] = [await reconstruct(data.train.x), await reconstruct(data.validation.x), await reconstruct(data.test.x)];
    const kernel = model.firstKernel();
    const kernelValues = kernel ? Float32Array.from((await kernel.data()) as Float32Array) : new Float32Array(0);
    return {
      outcome: {
        curve: curveOf(result.history, 'reconstruction'),
        epochs: result.epochs,
        stopReason: result.reason,
        trainMse: mse(trainRec, data.train.x.data),
        validationMse: mse(valRec, data.validation.x.data),
        testMse: mse(testRec, data.test.x.data),
        sparseness: codeSparseness(codes, data.validation.x.rows, spec.units, recipe.sparsenessThreshold),
      },
      kernel: kernelValues,
      reconstruct,
      dispose: () => model.dispose(),
    };
  } catch (err) {
    model.dispose();
    throw err;
  }
}
