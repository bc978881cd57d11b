import type * as tf from '@tensorflow/tfjs';
import type { Activation, DenseModelConfig, DropConnectConfig, InitializerConfig } from '../config/model.js';
import { CoreError } from '../errors.js';
import { Dense, denseDefaults, type DenseConfig, type DropConnectDenseConfig, isLinear } from '../layers/dense.js';
import type { SerializedLayer } from '../layers/layer.js';
import { LayeredAutoEncoder, type BuildOptions, type LayeredAutoEncoderConfig } from './layered.js';
import { registerModel } from './registry.js';

/** A dense autoencoder's config: its input shape may be an image's, the layers see it flattened. */
export type AutoEncoderConfig = LayeredAutoEncoderConfig;

/**
 * A fully connected autoencoder with any number of layers and a readable code layer. Layers come from the class
 * registry (Dense, DropConnectDense, TiedDense), so a model is fully described by its JSON config.
 */
export class AutoEncoder extends LayeredAutoEncoder {
  readonly className: string = 'AutoEncoder';

  constructor(config: AutoEncoderConfig, options: BuildOptions = {}) {
    if (config.layers.length < 2) throw new CoreError('INVALID_CONFIG', 'an autoencoder needs at least a code layer and an output layer');
    if (!(config.codeLayer >= 0 && config.codeLayer < config.layers.length - 1)) {
      throw new CoreError('INVALID_CONFIG', `codeLayer ${config.codeLayer} must index a hidden layer (0..${config.layers.length - 2})`);
    }
    super(config);
    const shape = this.buildLayers(options);
    if (shape[0] !== this.features) {
      throw new CoreError('SHAPE_MISMATCH', `the output layer has ${shape[0]} units, the input ${this.features} features`);
    }
    if (!isLinear(this.layers[this.layers.length - 1]!)) throw new CoreError('INVALID_CONFIG', 'the output layer must be Dense or TiedDense');
  }

  get features(): number {
    return this.inputShape.reduce((a, b) => a * b, 1);
  }

  protected get layerInputShape(): number[] {
    return [this.features];
  }

  /** The first layer's kernel [features, units] (what a weight-tile image shows). */
  firstKernel(): tf.Variable | null {
    const first = this.layers[0];
    return first instanceof Dense ? first.kernel : null;
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
