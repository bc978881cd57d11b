import * as tf from '@tensorflow/tfjs';
import type { Activation, InitializerConfig } from '../config/model.js';
import { CoreError } from '../errors.js';
import { activate } from './activations.js';
import { initialize } from './initializers.js';
import { Layer, registerLayer, type ApplyContext } from './layer.js';
import type { LinearLayer } from './dense.js';
import type { Rng } from './random.js';

export type Pair = [number, number];
export type Padding = 'same' | 'valid';

export function pair(v: number | readonly number[]): Pair {
  return typeof v === 'number' ? [v, v] : [v[0]!, v[1] ?? v[0]!];
}

function requireImage(name: string, inputShape: number[]): [number, number, number] {
  if (inputShape.length !== 3) {
    throw new CoreError('SHAPE_MISMATCH', `layer ${name} expects [height, width, channels] inputs, got [${inputShape.join(', ')}]`);
  }
  return inputShape as [number, number, number];
}

/** Output length of a convolution or pooling window along one axis (TensorFlow's rule). */
export function convOutputLength(input: number, kernel: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(input / stride) : Math.floor((input - kernel) / stride) + 1;
}

export interface Conv2DConfig {
  name: string;
  filters: number;
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  activation: Activation;
  initializer: InitializerConfig;
}

/** What Conv2D and Conv2DTranspose share: a kernel, a bias per filter, an activation after the linear part. */
abstract class ConvolutionLayer extends Layer<Conv2DConfig> implements LinearLayer {
  kernel: tf.Variable | null = null;
  bias: tf.Variable | null = null;

  get activation(): Activation {
    return this.config.activation;
  }

  /** Adds the kernel (stored as `shape`) then the bias, in the order saved weights list them. */
  protected addKernelAndBias(values: Float32Array, shape: number[]): void {
    this.kernel = this.addWeight('kernel', values, shape, { regularize: true });
    this.bias = this.addWeight('bias', new Float32Array(this.config.filters), [this.config.filters]);
  }

  abstract linear(x: tf.Tensor, ctx: ApplyContext): tf.Tensor;

  apply(x: tf.Tensor, ctx: ApplyContext): tf.Tensor {
    return activate(this.linear(x, ctx), this.config.activation);
  }
}

/** 2-D convolution on NHWC batches; kernel [kh, kw, in, out] plus a bias per filter. */
export class Conv2D extends ConvolutionLayer {
  readonly className = 'Conv2D';

  computeOutputShape(inputShape: number[]): number[] {
    const [h, w] = requireImage(this.name, inputShape);
    const [kh, kw] = this.config.kernelSize;
    const [sh, sw] = this.config.strides;
    const oh = convOutputLength(h, kh, sh, this.config.padding);
    const ow = convOutputLength(w, kw, sw, this.config.padding);
    if (oh < 1 || ow < 1) throw new CoreError('SHAPE_MISMATCH', `layer ${this.name}: a ${kh}x${kw} kernel does not fit a ${h}x${w} input`);
    return [oh, ow, this.config.filters];
  }

  protected createWeights(inputShape: number[], rng: Rng): void {
    const [kh, kw] = this.config.kernelSize;
    const shape = [kh, kw, inputShape[2]!, this.config.filters];
    this.addKernelAndBias(initialize(this.config.initializer, shape, rng), shape);
  }

  linear(x: tf.Tensor, _ctx: ApplyContext): tf.Tensor {
    this.requireBuilt();
    const z = tf.conv2d(x as tf.Tensor4D, this.kernel as tf.Tensor4D, this.config.strides, this.config.padding);
    return tf.add(z, this.bias!);
  }
}

export interface MaxPool2DConfig {
  name: string;
  poolSize: Pair;
  strides: Pair;
  padding: Padding;
}

export class MaxPool2D extends Layer<MaxPool2DConfig> {
  readonly className = 'MaxPool2D';

  computeOutputShape(inputShape: number[]): number[] {
    const [h, w, c] = requireImage(this.name, inputShape);
    const [ph, pw] = this.config.poolSize;
    const [sh, sw] = this.config.strides;
    return [convOutputLength(h, ph, sh, this.config.padding), convOutputLength(w, pw, sw, this.config.padding), c];
  }

  protected createWeights(): void {}

  apply(x: tf.Tensor, _ctx: ApplyContext): tf.Tensor {
    this.requireBuilt();
    return tf.maxPool(x as tf.Tensor4D, this.config.poolSize, this.config.strides, this.config.padding);
  }
}

export type Conv2DTransposeConfig = Conv2DConfig;

/** Transposed convolution (PyTorch's ConvTranspose2d with output_padding 0); kernel [kh, kw, out, in]. */
export class Conv2DTranspose extends ConvolutionLayer {
  readonly className = 'Conv2DTranspose';

  computeOutputShape(inputShape: number[]): number[] {
    const [h, w] = requireImage(this.name, inputShape);
    const [kh, kw] = this.config.kernelSize;
    const [sh, sw] = this.config.strides;
    const len = (n: number, k: number, s: number): number => (this.config.padding === 'same' ? n * s : (n - 1) * s + k);
    return [len(h, kh, sh), len(w, kw, sw), this.config.filters];
  }

  protected createWeights(inputShape: number[], rng: Rng): void {
    const channels = inputShape[2]!;
    const [kh, kw] = this.config.kernelSize;
    // Fans as the layer is used (in -> out), whatever the storage order.
    const values = initialize(this.config.initializer, [kh, kw, channels, this.config.filters], rng);
    this.addKernelAndBias(values, [kh, kw, this.config.filters, channels]);
  }

  linear(x: tf.Tensor, _ctx: ApplyContext): tf.Tensor {
    this.requireBuilt();
    const batch = x.shape[0]!;
    const [oh, ow, oc] = this.outputShape as [number, number, number];
    const z = tf.conv2dTranspose(x as tf.Tensor4D, this.kernel as tf.Tensor4D, [batch, oh, ow, oc], this.config.strides, this.config.padding);
    return tf.add(z, this.bias!);
  }
}

registerLayer('Conv2D', Conv2D as never);
registerLayer('MaxPool2D', MaxPool2D as never);
registerLayer('Conv2DTranspose', Conv2DTranspose as never);
