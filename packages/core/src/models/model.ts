import * as tf from '@tensorflow/tfjs';
import type { CorruptionConfig, RegularizationConfig } from '../config/model.js';
import type { LossName } from '../config/training.js';
import { CoreError } from '../errors.js';
import type { ApplyContext, Layer, LayerWeight } from '../layers/layer.js';
import { activityPenalty, klSparsityPenalty, weightPenalty } from '../losses/regularizers.js';
import { reconstructionLoss } from '../losses/reconstruction.js';
import type { SavedArray } from '../optimizers/optimizers.js';

/** One batch as the training loop hands it to a model. */
export interface Batch {
  /** [batch, ...inputShape] (flat [batch, features] is accepted too). */
  x: tf.Tensor;
  /** Integer class labels [batch], for supervised models. */
  labels?: tf.Tensor1D;
}

/** The scalar loss being minimised and its named parts (reconstruction, penalties, ...). */
export interface LossTerms {
  total: tf.Scalar;
  terms: Record<string, tf.Scalar>;
  /** Reported but not minimised (e.g. a classifier's accuracy). */
  metrics?: Record<string, tf.Scalar>;
}

/** What `train()` needs from a model. */
export interface Trainable {
  trainableVariables(): tf.Variable[];
  lossTerms(batch: Batch, ctx: ApplyContext, loss: LossName): LossTerms;
  /** Whether the model needs labels (a classifier) or learns from inputs alone (an autoencoder). */
  readonly supervised: boolean;
  getWeights(): SavedArray[];
  /**
   * The same as getWeights, read without blocking (WebGPU in Node has no synchronous reads). Optional so that
   * older implementations still fit; `train()` falls back to getWeights.
   */
  getWeightsAsync?(): Promise<SavedArray[]>;
  setWeights(weights: SavedArray[]): void;
}

export interface ForwardResult {
  /** Reconstruction in the input's shape. */
  output: tf.Tensor;
  /** The output layer's pre-activations (same shape as output). */
  logits: tf.Tensor;
  /** Activations of the code layer. */
  code: tf.Tensor;
}

export interface SummaryRow {
  name: string;
  className: string;
  /** Output shape per sample (no batch dimension). */
  outputShape: number[];
  params: number;
  activation?: string;
  note?: string;
}

export interface ModelSummary {
  className: string;
  inputShape: number[];
  layers: SummaryRow[];
  totalParams: number;
  trainableParams: number;
}

export interface SerializedModel {
  className: string;
  config: object;
}

/** Collects the distinct weights of a list of layers (a tied layer's shared kernel is counted once). */
export function collectWeights(layers: Layer[]): LayerWeight[] {
  const seen = new Set<tf.Variable>();
  const out: LayerWeight[] = [];
  for (const layer of layers) {
    for (const w of layer.weights()) {
      if (!seen.has(w.variable)) {
        seen.add(w.variable);
        out.push(w);
      }
    }
  }
  return out;
}

/** Copies of the weights' values (synchronous: not for WebGPU in Node; see readWeightsAsync). */
export function readWeights(weights: LayerWeight[]): SavedArray[] {
  return weights.map((w) => ({ name: w.name, shape: [...w.variable.shape], values: Float32Array.from(w.variable.dataSync() as Float32Array) }));
}

/** Copies of the weights' values, read asynchronously (works on every backend). */
export async function readWeightsAsync(weights: LayerWeight[]): Promise<SavedArray[]> {
  const values = await Promise.all(weights.map((w) => w.variable.data() as Promise<Float32Array>));
  // The CPU backend hands out its own buffer: copy, as readWeights does.
  return weights.map((w, i) => ({ name: w.name, shape: [...w.variable.shape], values: Float32Array.from(values[i]!) }));
}

export function writeWeights(weights: LayerWeight[], saved: SavedArray[], modelName: string): void {
  const byName = new Map(saved.map((s) => [s.name, s]));
  for (const w of weights) {
    const s = byName.get(w.name);
    if (!s) throw new CoreError('MODEL_FORMAT', `${modelName}: no saved values for weight ${w.name}`);
    const expected = w.variable.shape.join('x');
    if (s.shape.join('x') !== expected) {
      throw new CoreError('MODEL_FORMAT', `${modelName}: weight ${w.name} has shape ${s.shape.join('x')}, expected ${expected}`);
    }
    tf.tidy(() => w.variable.assign(tf.tensor(s.values, s.shape, 'float32')));
  }
}

/** What every model with a list of weights shares: parameter counts, reading and writing values, serializing. */
export abstract class WeightedModel {
  abstract readonly className: string;
  abstract weights(): LayerWeight[];
  abstract getConfig(): object;

  countParams(): number {
    return this.weights().reduce((n, w) => n + w.variable.size, 0);
  }

  getWeights(): SavedArray[] {
    return readWeights(this.weights());
  }

  getWeightsAsync(): Promise<SavedArray[]> {
    return readWeightsAsync(this.weights());
  }

  setWeights(weights: SavedArray[]): void {
    writeWeights(this.weights(), weights, this.className);
  }

  serialize(): SerializedModel {
    return { className: this.className, config: this.getConfig() };
  }
}

/** A model's summary from its layer rows; the totals count shared (tied) weights once. */
export function summarize(className: string, inputShape: number[], layers: SummaryRow[], weights: LayerWeight[]): ModelSummary {
  return {
    className,
    inputShape: [...inputShape],
    layers,
    totalParams: weights.reduce((n, w) => n + w.variable.size, 0),
    trainableParams: weights.filter((w) => w.trainable).reduce((n, w) => n + w.variable.size, 0),
  };
}

/** Common machinery of the autoencoders: weights, penalties, save/load, encode/decode in inference mode. */
export abstract class BaseAutoEncoder extends WeightedModel implements Trainable {
  readonly supervised = false;
  abstract readonly inputShape: number[];
  abstract readonly regularization: RegularizationConfig;
  abstract readonly corruption: CorruptionConfig | undefined;

  abstract forward(x: tf.Tensor, ctx: ApplyContext): ForwardResult;
  abstract encodeWith(x: tf.Tensor, ctx: ApplyContext): tf.Tensor;
  abstract decode(code: tf.Tensor): tf.Tensor;
  abstract allLayers(): Layer[];
  abstract get codeShape(): number[];
  abstract summary(): ModelSummary;

  weights(): LayerWeight[] {
    return collectWeights(this.allLayers());
  }

  trainableVariables(): tf.Variable[] {
    return this.weights()
      .filter((w) => w.trainable)
      .map((w) => w.variable);
  }

  /** Codes in inference mode (expected DropConnect weights, no corruption). */
  encode(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.encodeWith(x, { training: false }));
  }

  /** Reconstructions in inference mode, in the input's shape. */
  reconstruct(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.forward(x, { training: false }).output);
  }

  /** Adds the configured penalties to a reconstruction term. */
  protected penalties(code: tf.Tensor): Record<string, tf.Scalar> {
    const r = this.regularization;
    const terms: Record<string, tf.Scalar> = {};
    const kernels = this.weights()
      .filter((w) => w.regularize)
      .map((w) => w.variable);
    const wp = weightPenalty(kernels, r.l1Weights, r.l2Weights);
    if (wp.l1) terms.l1Weights = wp.l1;
    if (wp.l2) terms.l2Weights = wp.l2;
    const ap = activityPenalty(code, r.l1Activity, r.l2Activity);
    if (ap.l1) terms.l1Activity = ap.l1;
    if (ap.l2) terms.l2Activity = ap.l2;
    if (r.sparsity && r.sparsity.beta > 0) terms.sparsity = klSparsityPenalty(code, r.sparsity.rho, r.sparsity.beta);
    return terms;
  }

  lossTerms(batch: Batch, ctx: ApplyContext, loss: LossName): LossTerms {
    const x = batch.x;
    const { output, logits, code } = this.forward(x, ctx);
    const target = tf.reshape(x, output.shape);
    const terms: Record<string, tf.Scalar> = { reconstruction: reconstructionLoss(loss, target, output, logits) };
    Object.assign(terms, this.penalties(code));
    const total = Object.values(terms).reduce((a, b) => tf.add(a, b));
    return { total, terms };
  }

  dispose(): void {
    for (const layer of this.allLayers()) layer.dispose();
  }
}

/** Accepts [batch, ...shape] or flat [batch, features]; returns [batch, ...shape]. */
export function toBatchShape(x: tf.Tensor, shape: number[], who: string): tf.Tensor {
  const per = shape.reduce((a, b) => a * b, 1);
  const batch = x.shape[0] ?? 0;
  if (x.size !== batch * per) {
    throw new CoreError('SHAPE_MISMATCH', `${who} expects samples of shape [${shape.join(', ')}] (${per} values), got [${x.shape.slice(1).join(', ')}]`);
  }
  return x.shape.length === shape.length + 1 && x.shape.slice(1).every((d, i) => d === shape[i]) ? x : tf.reshape(x, [batch, ...shape]);
}
