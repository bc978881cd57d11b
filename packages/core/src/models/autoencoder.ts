import * as tf from '@tensorflow/tfjs';
import type { Activation, CorruptionConfig, DenseModelConfig, DropConnectConfig, InitializerConfig, RegularizationConfig } from '../config/model.js';
import { regularizationSchema } from '../config/model.js';
import { CoreError } from '../errors.js';
import { activate } from '../layers/activations.js';
import { corrupt } from '../layers/corruption.js';
import { Dense, TiedDense, denseDefaults, type DenseConfig, type DropConnectDenseConfig, type LinearLayer, isLinear } from '../layers/dense.js';
import { deserializeLayer, firstLayerContext, type ApplyContext, type Layer, type SerializedLayer } from '../layers/layer.js';
import { Rng } from '../layers/random.js';
import { BaseAutoEncoder, toBatchShape, type ForwardResult, type ModelSummary } from './model.js';
import { registerModel } from './registry.js';

export interface AutoEncoderConfig {
  /** Per-sample input shape, e.g. [784] or [28, 28, 1] (dense models flatten it). */
  inputShape: number[];
  /** Every layer in order, the last one being the output layer (as wide as the input). */
  layers: SerializedLayer[];
  /** Index into `layers` of the code layer. */
  codeLayer: number;
  regularization: RegularizationConfig;
  corruption?: CorruptionConfig;
}

export interface BuildOptions {
  /** Seeds the initial weights. */
  seed?: number;
  /** Or draw them from this generator. */
  rng?: Rng;
}

/**
 * A fully connected autoencoder with any number of layers and a readable code layer. Layers come from the class
 * registry (Dense, DropConnectDense, TiedDense), so a model is fully described by its JSON config.
 */
export class AutoEncoder extends BaseAutoEncoder {
  readonly className: string = 'AutoEncoder';
  readonly inputShape: number[];
  readonly layers: Layer[];
  readonly codeLayer: number;
  readonly regularization: RegularizationConfig;
  readonly corruption: CorruptionConfig | undefined;

  constructor(config: AutoEncoderConfig, options: BuildOptions = {}) {
    super();
    if (config.layers.length < 2) throw new CoreError('INVALID_CONFIG', 'an autoencoder needs at least a code layer and an output layer');
    if (!(config.codeLayer >= 0 && config.codeLayer < config.layers.length - 1)) {
      throw new CoreError('INVALID_CONFIG', `codeLayer ${config.codeLayer} must index a hidden layer (0..${config.layers.length - 2})`);
    }
    this.inputShape = [...config.inputShape];
    this.codeLayer = config.codeLayer;
    this.regularization = regularizationSchema.parse(config.regularization ?? {});
    this.corruption = config.corruption;
    this.layers = config.layers.map((s) => deserializeLayer(s));
    const rng = options.rng ?? new Rng(options.seed ?? 0, 'init');
    const byName = new Map(this.layers.map((l) => [l.name, l]));
    if (byName.size !== this.layers.length) throw new CoreError('INVALID_CONFIG', 'layer names must be unique');
    const scope = {
      getLayer: (name: string): Layer => {
        const l = byName.get(name);
        if (!l) throw new CoreError('INVALID_CONFIG', `no layer named "${name}"`);
        return l;
      },
    };
    let shape = [this.features];
    for (const layer of this.layers) {
      layer.build(shape, rng, scope);
      shape = layer.outputShape!;
    }
    if (shape[0] !== this.features) {
      throw new CoreError('SHAPE_MISMATCH', `the output layer has ${shape[0]} units, the input ${this.features} features`);
    }
    const out = this.layers[this.layers.length - 1]!;
    if (!isLinear(out)) throw new CoreError('INVALID_CONFIG', 'the output layer must be Dense or TiedDense');
  }

  get features(): number {
    return this.inputShape.reduce((a, b) => a * b, 1);
  }

  get codeShape(): number[] {
    return [...this.layers[this.codeLayer]!.outputShape!];
  }

  get outputActivation(): Activation {
    return (this.layers[this.layers.length - 1] as unknown as LinearLayer).activation;
  }

  allLayers(): Layer[] {
    return this.layers;
  }

  /** The first layer's kernel [features, units] (what a weight-tile image shows). */
  firstKernel(): tf.Variable | null {
    const first = this.layers[0];
    return first instanceof Dense ? first.kernel : null;
  }

  forward(x: tf.Tensor, ctx: ApplyContext): ForwardResult {
    const batch = x.shape[0] ?? 0;
    let h = toBatchShape(x, [this.features], this.className);
    if (ctx.training && this.corruption) {
      if (!ctx.rng) throw new CoreError('INVALID_ARGUMENT', 'corruption needs an rng while training');
      h = corrupt(h, this.corruption, ctx.rng);
    }
    let code: tf.Tensor | null = null;
    const last = this.layers.length - 1;
    for (let i = 0; i < last; i++) {
      h = this.layers[i]!.apply(h, i === 0 ? firstLayerContext(ctx) : ctx);
      if (i === this.codeLayer) code = h;
    }
    const out = this.layers[last] as unknown as LinearLayer;
    const logits = out.linear(h, ctx);
    const output = activate(logits, out.activation);
    const shape = [batch, ...this.inputShape];
    return { output: tf.reshape(output, shape), logits: tf.reshape(logits, shape), code: code! };
  }

  encodeWith(x: tf.Tensor, ctx: ApplyContext): tf.Tensor {
    let h = toBatchShape(x, [this.features], this.className);
    for (let i = 0; i <= this.codeLayer; i++) h = this.layers[i]!.apply(h, i === 0 ? firstLayerContext(ctx) : ctx);
    return h;
  }

  decode(code: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const ctx = { training: false };
      let h = code;
      for (let i = this.codeLayer + 1; i < this.layers.length; i++) h = this.layers[i]!.apply(h, ctx);
      return tf.reshape(h, [code.shape[0] ?? 0, ...this.inputShape]);
    });
  }

  getConfig(): AutoEncoderConfig {
    const config: AutoEncoderConfig = {
      inputShape: [...this.inputShape],
      layers: this.layers.map((l) => l.serialize()),
      codeLayer: this.codeLayer,
      regularization: structuredClone(this.regularization),
    };
    if (this.corruption) config.corruption = structuredClone(this.corruption);
    return config;
  }

  summary(): ModelSummary {
    const rows = this.layers.map((l) => {
      const row: ModelSummary['layers'][number] = {
        name: l.name,
        className: l.className,
        outputShape: [...l.outputShape!],
        params: l.countParams(),
      };
      if (isLinear(l)) row.activation = l.activation;
      if (l instanceof TiedDense) row.note = `kernel shared with ${l.config.tiedTo} (transposed)`;
      return row;
    });
    const weights = this.weights();
    return {
      className: this.className,
      inputShape: [...this.inputShape],
      layers: rows,
      totalParams: weights.reduce((n, w) => n + w.variable.size, 0),
      trainableParams: weights.filter((w) => w.trainable).reduce((n, w) => n + w.variable.size, 0),
    };
  }

  static fromConfig(config: Record<string, unknown>, options?: BuildOptions): AutoEncoder {
    return new AutoEncoder(config as unknown as AutoEncoderConfig, options);
  }
}

/** The serialized layer of a hidden or output dense layer, DropConnect when asked for. */
export function denseLayerSpec(
  name: string,
  units: number,
  activation: Activation,
  opts: { initializer?: InitializerConfig; batchNorm?: boolean; useBias?: boolean; dropConnect?: DropConnectConfig | undefined } = {},
): SerializedLayer {
  const base: DenseConfig = denseDefaults({
    name,
    units,
    activation,
    ...(opts.initializer ? { initializer: opts.initializer } : {}),
    batchNorm: opts.batchNorm ?? false,
    useBias: opts.useBias ?? true,
  });
  if (opts.dropConnect) {
    const config: DropConnectDenseConfig = { ...base, keepProbability: opts.dropConnect.keepProbability, maskMode: opts.dropConnect.maskMode };
    return { className: 'DropConnectDense', config: config as unknown as SerializedLayer['config'] };
  }
  return { className: 'Dense', config: base as unknown as SerializedLayer['config'] };
}

/** Layer names of a dense model built from a run config: hidden_1..hidden_n, then output. */
export function hiddenLayerName(i: number): string {
  return `hidden_${i + 1}`;
}

/** The AutoEncoder config for a run config's dense model on inputs of `inputShape`. */
export function denseAutoEncoderConfig(model: DenseModelConfig, inputShape: number[]): AutoEncoderConfig {
  const n = model.layers.length;
  const code = model.codeLayer ?? Math.floor((n - 1) / 2);
  const features = inputShape.reduce((a, b) => a * b, 1);
  const layers: SerializedLayer[] = model.layers.map((l, i) => {
    if (model.tiedWeights && i > code) {
      // Decoder layer i maps units[i-1] -> units[i]: the transpose of encoder layer 2c - i + 1 (the schema checked
      // that the widths mirror around the code layer).
      return { className: 'TiedDense', config: { name: hiddenLayerName(i), tiedTo: hiddenLayerName(2 * code - i + 1), activation: l.activation, useBias: l.useBias } };
    }
    return denseLayerSpec(hiddenLayerName(i), l.units, l.activation, {
      initializer: l.initializer,
      batchNorm: l.batchNorm,
      useBias: l.useBias,
      dropConnect: l.dropConnect,
    });
  });
  if (model.tiedWeights) {
    layers.push({ className: 'TiedDense', config: { name: 'output', tiedTo: hiddenLayerName(0), activation: model.outputActivation, useBias: true } });
  } else {
    layers.push(
      denseLayerSpec('output', features, model.outputActivation, {
        ...(model.outputInitializer ? { initializer: model.outputInitializer } : {}),
        dropConnect: model.outputDropConnect,
      }),
    );
  }
  const config: AutoEncoderConfig = { inputShape: [...inputShape], layers, codeLayer: code, regularization: model.regularization };
  if (model.corruption) config.corruption = model.corruption;
  return config;
}

registerModel('AutoEncoder', AutoEncoder.fromConfig);
