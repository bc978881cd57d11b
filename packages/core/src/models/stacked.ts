import * as tf from '@tensorflow/tfjs';
import type { StackedModelConfig } from '../config/model.js';
import type { LossName } from '../config/training.js';
import { CoreError } from '../errors.js';
import { Dense, denseDefaults } from '../layers/dense.js';
import { deserializeLayer, firstLayerContext, type ApplyContext, type Layer, type LayerWeight, type SerializedLayer } from '../layers/layer.js';
import { Rng } from '../layers/random.js';
import { softmaxCrossEntropy } from '../losses/reconstruction.js';
import type { SavedArray } from '../optimizers/optimizers.js';
import { AutoEncoder, denseLayerSpec, type AutoEncoderConfig } from './autoencoder.js';
import type { BuildOptions } from './layered.js';
import { WeightedModel, collectWeights, readWeights, readWeightsAsync, summarize, toBatchShape, writeWeights, type Batch, type LossTerms, type ModelSummary, type Trainable } from './model.js';
import { registerModel } from './registry.js';

export interface StackedAutoEncoderConfig {
  inputShape: number[];
  /** One single-hidden-layer autoencoder per level; level i reconstructs level i-1's codes. */
  levels: AutoEncoderConfig[];
  /** Softmax head on the top codes, for supervised fine-tuning. */
  head?: SerializedLayer;
}

/**
 * A stack of autoencoders trained greedily (see `trainGreedyStack`): level 1 learns codes of the inputs, level 2
 * codes of level 1's codes, and so on. The encoders chained give the deep features; the decoders chained in
 * reverse give reconstructions; an optional softmax head turns the stack into a classifier for fine-tuning.
 */
export class StackedAutoEncoder extends WeightedModel {
  readonly className = 'StackedAutoEncoder';
  readonly inputShape: number[];
  readonly levels: AutoEncoder[];
  head: Dense | null = null;

  constructor(config: StackedAutoEncoderConfig, options: BuildOptions = {}) {
    if (config.levels.length === 0) throw new CoreError('INVALID_CONFIG', 'a stacked autoencoder needs at least one level');
    super();
    this.inputShape = [...config.inputShape];
    const rng = options.rng ?? new Rng(options.seed ?? 0, 'init');
    let features = this.inputShape.reduce((a, b) => a * b, 1);
    this.levels = config.levels.map((lc, i) => {
      const inShape = i === 0 ? this.inputShape : [features];
      const inFeatures = inShape.reduce((a, b) => a * b, 1);
      if (lc.inputShape.reduce((a, b) => a * b, 1) !== inFeatures) {
        throw new CoreError('SHAPE_MISMATCH', `level ${i + 1} expects ${lc.inputShape.join('x')} inputs, the level below gives ${inFeatures}`);
      }
      const level = new AutoEncoder({ ...lc, inputShape: inShape }, { rng });
      features = level.codeShape.reduce((a, b) => a * b, 1);
      return level;
    });
    if (config.head) this.attachHead(deserializeLayer(config.head), rng);
  }

  private attachHead(layer: Layer, rng: Rng): void {
    if (!(layer instanceof Dense)) throw new CoreError('INVALID_CONFIG', 'the classifier head must be a Dense layer');
    layer.build([this.codeSize], rng);
    this.head = layer;
  }

  /** Adds a softmax head of `classes` units (initial weights from `seed`), replacing any previous one. */
  addClassifierHead(classes: number, seed = 0): Dense {
    this.head?.dispose();
    this.head = null;
    const head = deserializeLayer({
      className: 'Dense',
      config: denseDefaults({ name: 'classifier', units: classes, activation: 'identity' }) as unknown as SerializedLayer['config'],
    });
    this.attachHead(head, new Rng(seed, 'head'));
    return this.head!;
  }

  get codeSize(): number {
    return this.levels[this.levels.length - 1]!.codeShape.reduce((a, b) => a * b, 1);
  }

  get codeShape(): number[] {
    return [this.codeSize];
  }

  /** The encoder layer of each level. */
  encoders(): Layer[] {
    return this.levels.map((l) => l.layers[0]!);
  }

  weights(): LayerWeight[] {
    const layers = this.levels.flatMap((l) => l.layers);
    if (this.head) layers.push(this.head);
    return collectWeights(layers);
  }

  /** Codes of the first `depth` levels (all by default), inference mode. */
  encode(x: tf.Tensor, depth = this.levels.length): tf.Tensor {
    return tf.tidy(() => {
      let h = toBatchShape(x, [x.size / (x.shape[0] ?? 1)], this.className);
      for (let i = 0; i < depth; i++) h = this.levels[i]!.encodeWith(h, { training: false });
      return h;
    });
  }

  /** Encodes through every level, then decodes back down through every level's decoder. */
  reconstruct(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      let h = this.encode(x);
      for (let i = this.levels.length - 1; i >= 0; i--) h = this.levels[i]!.decode(h);
      return tf.reshape(h, [x.shape[0] ?? 0, ...this.inputShape]);
    });
  }

  /** Class probabilities from the head. */
  predict(x: tf.Tensor): tf.Tensor {
    if (!this.head) throw new CoreError('INVALID_ARGUMENT', 'this stack has no classifier head');
    return tf.tidy(() => tf.softmax(this.head!.linear(this.encode(x), { training: false })));
  }

  getConfig(): StackedAutoEncoderConfig {
    const config: StackedAutoEncoderConfig = { inputShape: [...this.inputShape], levels: this.levels.map((l) => l.getConfig()) };
    if (this.head) config.head = this.head.serialize();
    return config;
  }

  summary(): ModelSummary {
    const rows: ModelSummary['layers'] = [];
    for (const level of this.levels) rows.push(...level.summary().layers);
    if (this.head) rows.push({ name: this.head.name, className: 'Dense', outputShape: [...this.head.outputShape!], params: this.head.countParams(), activation: 'softmax' });
    return summarize(this.className, this.inputShape, rows, this.weights());
  }

  dispose(): void {
    for (const l of this.levels) l.dispose();
    this.head?.dispose();
  }

  static fromConfig(config: Record<string, unknown>, options?: BuildOptions): StackedAutoEncoder {
    return new StackedAutoEncoder(config as unknown as StackedAutoEncoderConfig, options);
  }
}

/**
 * The stack as one classifier for supervised fine-tuning: every level's encoder (DropConnect masks active while
 * training), then the softmax head; softmax cross-entropy loss, accuracy as a metric. Trains the stack's own weights.
 */
export class StackClassifier implements Trainable {
  readonly supervised = true;
  constructor(readonly stack: StackedAutoEncoder) {
    if (!stack.head) throw new CoreError('INVALID_ARGUMENT', 'add a classifier head to the stack first');
  }

  private layers(): Layer[] {
    return [...this.stack.encoders(), this.stack.head!];
  }

  trainableVariables(): tf.Variable[] {
    return collectWeights(this.layers())
      .filter((w) => w.trainable)
      .map((w) => w.variable);
  }

  logits(x: tf.Tensor, ctx: ApplyContext): tf.Tensor2D {
    let h = toBatchShape(x, [x.size / (x.shape[0] ?? 1)], 'StackClassifier');
    this.stack.encoders().forEach((enc, i) => (h = enc.apply(h, i === 0 ? firstLayerContext(ctx) : ctx)));
    return this.stack.head!.linear(h, ctx) as tf.Tensor2D;
  }

  lossTerms(batch: Batch, ctx: ApplyContext, _loss: LossName): LossTerms {
    if (!batch.labels) throw new CoreError('INVALID_ARGUMENT', 'fine-tuning needs labels');
    const logits = this.logits(batch.x, ctx);
    const crossEntropy = softmaxCrossEntropy(batch.labels, logits);
    const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(batch.labels, 'int32')), 'float32')) as tf.Scalar;
    return { total: crossEntropy, terms: { crossEntropy }, metrics: { accuracy } };
  }

  getWeights(): SavedArray[] {
    return readWeights(collectWeights(this.layers()));
  }

  getWeightsAsync(): Promise<SavedArray[]> {
    return readWeightsAsync(collectWeights(this.layers()));
  }

  setWeights(weights: SavedArray[]): void {
    writeWeights(collectWeights(this.layers()), weights, 'StackClassifier');
  }
}

/** The stack config for a run config's stacked model: level i is a one-hidden-layer AE named level<i>_*. */
export function stackedAutoEncoderConfig(model: StackedModelConfig, inputShape: number[]): StackedAutoEncoderConfig {
  let features = inputShape.reduce((a, b) => a * b, 1);
  const levels = model.levels.map((lv, i): AutoEncoderConfig => {
    const prefix = `level${i + 1}`;
    const encoder = denseLayerSpec(`${prefix}_encoder`, lv.units, lv.activation, { initializer: lv.initializer, dropConnect: lv.dropConnect });
    const decoder: SerializedLayer = lv.tiedWeights
      ? { className: 'TiedDense', config: { name: `${prefix}_decoder`, tiedTo: `${prefix}_encoder`, activation: lv.outputActivation, useBias: true } }
      : denseLayerSpec(`${prefix}_decoder`, features, lv.outputActivation, { initializer: lv.initializer });
    const config: AutoEncoderConfig = {
      inputShape: i === 0 ? [...inputShape] : [features],
      layers: [encoder, decoder],
      codeLayer: 0,
      regularization: lv.regularization,
    };
    if (lv.corruption) config.corruption = lv.corruption;
    features = lv.units;
    return config;
  });
  return { inputShape: [...inputShape], levels };
}

registerModel('StackedAutoEncoder', StackedAutoEncoder.fromConfig);
