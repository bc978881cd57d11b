import type { ConvModelConfig } from '../config/model.js';
import { CoreError } from '../errors.js';
import { pair, type Conv2DConfig, type MaxPool2DConfig } from '../layers/conv.js';
import { isLinear } from '../layers/dense.js';
import type { SerializedLayer } from '../layers/layer.js';
import { LayeredAutoEncoder, type BuildOptions, type LayeredAutoEncoderConfig } from './layered.js';
import { registerModel } from './registry.js';

/** A conv autoencoder's config: inputs are [height, width, channels]. */
export type ConvAutoEncoderConfig = LayeredAutoEncoderConfig;

/** A convolutional autoencoder from a list of Conv2D / MaxPool2D / Conv2DTranspose layers on NHWC images. */
export class ConvAutoEncoder extends LayeredAutoEncoder {
  readonly className: string = 'ConvAutoEncoder';

  constructor(config: ConvAutoEncoderConfig, options: BuildOptions = {}) {
    if (config.inputShape.length !== 3) {
      throw new CoreError('SHAPE_MISMATCH', `a conv autoencoder needs [height, width, channels] inputs, got [${config.inputShape.join(', ')}]`);
    }
    if (!(config.codeLayer >= 0 && config.codeLayer < config.layers.length - 1)) {
      throw new CoreError('INVALID_CONFIG', `codeLayer ${config.codeLayer} must index one of the first ${config.layers.length - 1} layers`);
    }
    super(config);
    const shape = this.buildLayers(options);
    if (shape.join('x') !== this.inputShape.join('x')) {
      throw new CoreError('SHAPE_MISMATCH', `the last layer gives [${shape.join(', ')}], the input is [${this.inputShape.join(', ')}]`);
    }
    if (!isLinear(this.layers[this.layers.length - 1]!)) {
      throw new CoreError('INVALID_CONFIG', 'the last layer of a conv autoencoder must be a convolution');
    }
  }

  protected get layerInputShape(): number[] {
    return this.inputShape;
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
