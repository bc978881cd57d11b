import * as tf from '@tensorflow/tfjs';
import type { Activation, CorruptionConfig, RegularizationConfig } from '../config/model.js';
import { regularizationSchema } from '../config/model.js';
import { CoreError } from '../errors.js';
import { activate } from '../layers/activations.js';
import { corrupt } from '../layers/corruption.js';
import { TiedDense, isLinear, type LinearLayer } from '../layers/dense.js';
import { deserializeLayer, firstLayerContext, type ApplyContext, type Layer, type SerializedLayer } from '../layers/layer.js';
import { Rng } from '../layers/random.js';
import { BaseAutoEncoder, summarize, toBatchShape, type ForwardResult, type ModelSummary } from './model.js';

export interface LayeredAutoEncoderConfig {
  /** Per-sample input shape, e.g. [784], [28, 28, 1] (dense models flatten it) or [height, width, channels]. */
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
 * An autoencoder that is one chain of layers: the encoder up to `codeLayer`, the decoder after it, and a linear
 * output layer whose activation is applied apart so that losses can use its logits. Subclasses say what shape the
 * first layer takes and check what was built.
 */
export abstract class LayeredAutoEncoder extends BaseAutoEncoder {
  readonly inputShape: number[];
  readonly layers: Layer[];
  readonly codeLayer: number;
  readonly regularization: RegularizationConfig;
  readonly corruption: CorruptionConfig | undefined;

  protected constructor(config: LayeredAutoEncoderConfig) {
    super();
    this.inputShape = [...config.inputShape];
    this.layers = config.layers.map((s) => deserializeLayer(s));
    this.codeLayer = config.codeLayer;
    this.regularization = regularizationSchema.parse(config.regularization ?? {});
    this.corruption = config.corruption;
  }

  /** The per-sample shape the first layer takes: flat features for dense models, the image for conv ones. */
  protected abstract get layerInputShape(): number[];

  /** Builds every layer in order (weights drawn from one generator, in layer order); returns the output shape. */
  protected buildLayers(options: BuildOptions): number[] {
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
    let shape = this.layerInputShape;
    for (const layer of this.layers) {
      layer.build(shape, rng, scope);
      shape = layer.outputShape!;
    }
    return shape;
  }

  get codeShape(): number[] {
    return [...this.layers[this.codeLayer]!.outputShape!];
  }

  get outputActivation(): Activation {
    return this.outputLayer().activation;
  }

  allLayers(): Layer[] {
    return this.layers;
  }

  protected outputLayer(): LinearLayer {
    return this.layers[this.layers.length - 1] as unknown as LinearLayer;
  }

  forward(x: tf.Tensor, ctx: ApplyContext): ForwardResult {
    const batch = x.shape[0] ?? 0;
    let h = toBatchShape(x, this.layerInputShape, this.className);
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
    const out = this.outputLayer();
    const logits = out.linear(h, ctx);
    const output = activate(logits, out.activation);
    const shape = [batch, ...this.inputShape];
    return { output: tf.reshape(output, shape), logits: tf.reshape(logits, shape), code: code! };
  }

  encodeWith(x: tf.Tensor, ctx: ApplyContext): tf.Tensor {
    let h = toBatchShape(x, this.layerInputShape, this.className);
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

  getConfig(): LayeredAutoEncoderConfig {
    const config: LayeredAutoEncoderConfig = {
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
      const row: ModelSummary['layers'][number] = { name: l.name, className: l.className, outputShape: [...l.outputShape!], params: l.countParams() };
      if (isLinear(l)) row.activation = l.activation;
      if (l instanceof TiedDense) row.note = `kernel shared with ${l.config.tiedTo} (transposed)`;
      return row;
    });
    return summarize(this.className, this.inputShape, rows, this.weights());
  }
}
