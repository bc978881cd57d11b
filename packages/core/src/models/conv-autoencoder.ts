import * as tf from '@tensorflow/tfjs';
import type { ConvModelConfig, CorruptionConfig, RegularizationConfig } from '../config/model.js';
import { regularizationSchema } from '../config/model.js';
import { CoreError } from '../errors.js';
import { activate } from '../layers/activations.js';
import { pair, type Conv2DConfig, type MaxPool2DConfig } from '../layers/conv.js';
import { corrupt } from '../layers/corruption.js';
import { isLinear, type LinearLayer } from '../layers/dense.js';
import { deserializeLayer, type ApplyContext, type Layer, type SerializedLayer } from '../layers/layer.js';
import { Rng } from '../layers/random.js';
import type { BuildOptions } from './autoencoder.js';
import { BaseAutoEncoder, toBatchShape, type ForwardResult, type ModelSummary } from './model.js';
import { registerModel } from './registry.js';

export interface ConvAutoEncoderConfig {
  /** [height, width, channels]. */
  inputShape: number[];
  layers: SerializedLayer[];
  codeLayer: number;
  regularization: RegularizationConfig;
  corruption?: CorruptionConfig;
}

/** A convolutional autoencoder from a list of Conv2D / MaxPool2D / Conv2DTranspose layers on NHWC images. */
export class ConvAutoEncoder extends BaseAutoEncoder {
  readonly className: string = 'ConvAutoEncoder';
  readonly inputShape: number[];
  readonly layers: Layer[];
  readonly codeLayer: number;
  readonly regularization: RegularizationConfig;
  readonly corruption: CorruptionConfig | undefined;

  constructor(config: ConvAutoEncoderConfig, options: BuildOptions = {}) {
    super();
    if (config.inputShape.length !== 3) {
      throw new CoreError('SHAPE_MISMATCH', `a conv autoencoder needs [height, width, channels] inputs, got [${config.inputShape.join(', ')}]`);
    }
    this.inputShape = [...config.inputShape];
    this.layers = config.layers.map((s) => deserializeLayer(s));
    if (!(config.codeLayer >= 0 && config.codeLayer < this.layers.length - 1)) {
      throw new CoreError('INVALID_CONFIG', `codeLayer ${config.codeLayer} must index one of the first ${this.layers.length - 1} layers`);
    }
    this.codeLayer = config.codeLayer;
    this.regularization = regularizationSchema.parse(config.regularization ?? {});
    this.corruption = config.corruption;
    const rng = options.rng ?? new Rng(options.seed ?? 0, 'init');
    let shape = this.inputShape;
    for (const layer of this.layers) {
      layer.build(shape, rng);
      shape = layer.outputShape!;
    }
    if (shape.join('x') !== this.inputShape.join('x')) {
      throw new CoreError('SHAPE_MISMATCH', `the last layer gives [${shape.join(', ')}], the input is [${this.inputShape.join(', ')}]`);
    }
    if (!isLinear(this.layers[this.layers.length - 1]!)) {
      throw new CoreError('INVALID_CONFIG', 'the last layer of a conv autoencoder must be a convolution');
    }
  }

  get codeShape(): number[] {
    return [...this.layers[this.codeLayer]!.outputShape!];
  }

  allLayers(): Layer[] {
    return this.layers;
  }

  get outputActivation(): string {
    return (this.layers[this.layers.length - 1] as unknown as LinearLayer).activation;
  }

  forward(x: tf.Tensor, ctx: ApplyContext): ForwardResult {
    let h = toBatchShape(x, this.inputShape, this.className);
    if (ctx.training && this.corruption) {
      if (!ctx.rng) throw new CoreError('INVALID_ARGUMENT', 'corruption needs an rng while training');
      h = corrupt(h, this.corruption, ctx.rng);
    }
    let code: tf.Tensor | null = null;
    const last = this.layers.length - 1;
    for (let i = 0; i < last; i++) {
      h = this.layers[i]!.apply(h, ctx);
      if (i === this.codeLayer) code = h;
    }
    const out = this.layers[last] as unknown as LinearLayer;
    const logits = out.linear(h, ctx);
    return { output: activate(logits, out.activation), logits, code: code! };
  }

  encodeWith(x: tf.Tensor, ctx: ApplyContext): tf.Tensor {
    let h = toBatchShape(x, this.inputShape, this.className);
    for (let i = 0; i <= this.codeLayer; i++) h = this.layers[i]!.apply(h, ctx);
    return h;
  }

  decode(code: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const ctx = { training: false };
      let h = code;
      for (let i = this.codeLayer + 1; i < this.layers.length; i++) h = this.layers[i]!.apply(h, ctx);
      return h;
    });
  }

  getConfig(): ConvAutoEncoderConfig {
    const config: ConvAutoEncoderConfig = {
      inputShape: [...this.inputShape],
      layers: this.layers.map((l) => l.serialize()),
      codeLayer: this.codeLayer,
      regularization: structuredClone(this.regularization),
    };
    if (this.corruption) config.corruption = structuredClone(this.corruption);
    return config;
  }

  /** Layer table like torchsummary's: name, output shape (H, W, C), parameters; 1,495 in all for cifar-conv. */
  summary(): ModelSummary {
    const rows = this.layers.map((l) => {
      const row: ModelSummary['layers'][number] = { name: l.name, className: l.className, outputShape: [...l.outputShape!], params: l.countParams() };
      if (isLinear(l)) row.activation = l.activation;
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

  static fromConfig(config: Record<string, unknown>, options?: BuildOptions): ConvAutoEncoder {
    return new ConvAutoEncoder(config as unknown as ConvAutoEncoderConfig, options);
  }
}

/** The ConvAutoEncoder config for a run config's conv model on images of `inputShape`. */
export function convAutoEncoderConfig(model: ConvModelConfig, inputShape: number[]): ConvAutoEncoderConfig {
  const layers: SerializedLayer[] = model.layers.map((l, i) => {
    const name = `${l.type}_${i + 1}`;
    if (l.type === 'maxPool') {
      const poolSize = pair(l.poolSize);
      const config: MaxPool2DConfig = { name, poolSize, strides: pair(l.strides ?? poolSize), padding: l.padding };
      return { className: 'MaxPool2D', config: config as unknown as SerializedLayer['config'] };
    }
    const config: Conv2DConfig = {
      name,
      filters: l.filters,
      kernelSize: pair(l.kernelSize),
      strides: pair(l.strides),
      padding: l.padding,
      activation: l.activation,
      initializer: l.initializer,
    };
    return { className: l.type === 'conv2d' ? 'Conv2D' : 'Conv2DTranspose', config: config as unknown as SerializedLayer['config'] };
  });
  let code = model.codeLayer;
  if (code === undefined) {
    const firstUp = model.layers.findIndex((l) => l.type === 'conv2dTranspose');
    code = firstUp > 0 ? firstUp - 1 : Math.max(0, Math.floor(model.layers.length / 2) - 1);
  }
  const config: ConvAutoEncoderConfig = { inputShape: [...inputShape], layers, codeLayer: code, regularization: model.regularization };
  if (model.corruption) config.corruption = model.corruption;
  return config;
}

registerModel('ConvAutoEncoder', ConvAutoEncoder.fromConfig);
