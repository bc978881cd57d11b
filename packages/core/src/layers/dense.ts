import * as tf from '@tensorflow/tfjs';
import type { Activation, InitializerConfig } from '../config/model.js';
import { maskedProduct, maskedProductGrad } from '../backend/fused/masked-product.js';
import { CoreError } from '../errors.js';
import { activate } from './activations.js';
import { batchNorm, type BatchNormWeights } from './batch-norm.js';
import { initialize } from './initializers.js';
import { Layer, registerLayer, type ApplyContext, type LayerScope } from './layer.js';
import { Rng } from './random.js';

export interface DenseConfig {
  name: string;
  units: number;
  activation: Activation;
  useBias: boolean;
  initializer: InitializerConfig;
  batchNorm: boolean;
}

export function denseDefaults(config: Partial<DenseConfig> & { name: string; units: number }): DenseConfig {
  return {
    activation: 'sigmoid',
    useBias: true,
    initializer: { type: 'glorotUniform' },
    batchNorm: false,
    ...config,
  };
}

/** A layer whose pre-activation is readable (BCE is computed from the output layer's logits). */
export interface LinearLayer {
  /** Pre-activation (after batch norm when enabled). */
  linear(x: tf.Tensor, ctx: ApplyContext): tf.Tensor;
  readonly activation: Activation;
}

/** Layers whose pre-activation output can be read (for activity penalties and codes). */
export function isLinear(layer: Layer): layer is Layer & LinearLayer {
  return typeof (layer as Partial<LinearLayer>).linear === 'function';
}

/** Fully connected layer on [batch, features]: act(BN(x W + b)). */
export class Dense<C extends DenseConfig = DenseConfig> extends Layer<C> implements LinearLayer {
  readonly className: string = 'Dense';
  kernel: tf.Variable | null = null;
  bias: tf.Variable | null = null;
  protected bn: BatchNormWeights | null = null;

  get activation(): Activation {
    return this.config.activation;
  }

  computeOutputShape(inputShape: number[]): number[] {
    if (inputShape.length !== 1) {
      throw new CoreError('SHAPE_MISMATCH', `layer ${this.name} expects flat [features] inputs, got [${inputShape.join(', ')}]`);
    }
    return [this.config.units];
  }

  protected createWeights(inputShape: number[], rng: Rng): void {
    const inputs = inputShape[0]!;
    const { units } = this.config;
    this.kernel = this.addWeight('kernel', initialize(this.config.initializer, [inputs, units], rng), [inputs, units], { regularize: true });
    if (this.config.useBias) this.bias = this.addWeight('bias', new Float32Array(units), [units]);
    if (this.config.batchNorm) {
      this.bn = {
        gamma: this.addWeight('gamma', new Float32Array(units).fill(1), [units]),
        beta: this.addWeight('beta', new Float32Array(units), [units]),
        movingMean: this.addWeight('moving_mean', new Float32Array(units), [units], { trainable: false }),
        movingVariance: this.addWeight('moving_variance', new Float32Array(units).fill(1), [units], { trainable: false }),
      };
    }
  }

  /**
   * x W (+ b), before batch norm; subclasses change how the kernel is applied. Plain matMul + add, not
   * tf.fused.matMul: the fused op's gradient is a customGrad that always computes the gradient of x too, a whole
   * wasted matrix product on a network's first layer, whereas autodiff asks plain ops only for what it needs.
   */
  protected affine(x: tf.Tensor, _ctx: ApplyContext): tf.Tensor {
    const z = tf.matMul(x as tf.Tensor2D, this.kernel as tf.Tensor2D);
    return this.bias ? tf.add(z, this.bias) : z;
  }

  linear(x: tf.Tensor, ctx: ApplyContext): tf.Tensor {
    this.requireBuilt();
    const z = this.affine(x, ctx);
    return this.bn ? batchNorm(z, this.bn, ctx) : z;
  }

  apply(x: tf.Tensor, ctx: ApplyContext): tf.Tensor {
    return activate(this.linear(x, ctx), this.config.activation);
  }
}

export interface DropConnectDenseConfig extends DenseConfig {
  /** Probability that a weight is kept while training (p; the paper's dropconnectFraction is 1 - p). */
  keepProbability: number;
  maskMode: DropConnectMaskMode;
}

/** How DropConnect masks are drawn; see {@link DropConnectDense}. */
export type DropConnectMaskMode = 'per-sample' | 'per-minibatch' | 'per-sample-gaussian';

/** Largest mask block materialised at once in per-sample mode (elements of [chunk, in, out]). */
const PER_SAMPLE_BLOCK_ELEMENTS = 1 << 22;

/**
 * DropConnect (Wan et al.): while training each weight is kept with probability p under a Bernoulli mask M,
 * y = (M * W) x + b; at inference the expected weights p W are used. `per-minibatch` draws one mask per batch;
 * `per-sample` draws a fresh mask for every sample, computed as batched products over chunks of samples, with a
 * custom gradient that regenerates the masks instead of keeping [batch, in, out] tensors alive for backprop.
 * `per-sample-gaussian` is per-sample DropConnect made fast: it samples each pre-activation from the Gaussian with
 * the mean and variance the sample's own Bernoulli mask would give it (Wan et al.'s moment matching, used here in
 * training), which costs two matrix products instead of a [batch, in, out] mask.
 */
export class DropConnectDense extends Dense<DropConnectDenseConfig> {
  override readonly className: string = 'DropConnectDense';

  constructor(config: DropConnectDenseConfig) {
    super(config);
    if (!(config.keepProbability > 0 && config.keepProbability <= 1)) {
      throw new CoreError('INVALID_CONFIG', `layer ${config.name}: keepProbability must be in (0, 1], got ${config.keepProbability}`);
    }
  }

  protected override affine(x: tf.Tensor, ctx: ApplyContext): tf.Tensor {
    const p = this.config.keepProbability;
    const kernel = this.kernel as tf.Tensor2D;
    let z: tf.Tensor;
    if (!ctx.training || p >= 1) {
      z = p >= 1 ? tf.matMul(x as tf.Tensor2D, kernel) : tf.mul(tf.matMul(x as tf.Tensor2D, kernel), p);
    } else {
      if (!ctx.rng) throw new CoreError('INVALID_ARGUMENT', `layer ${this.name} needs an rng while training`);
      if (this.config.maskMode === 'per-sample-gaussian') {
        z = gaussianDropConnect(x as tf.Tensor2D, kernel, p, ctx.rng);
      } else if (this.config.maskMode === 'per-minibatch') {
        const [inputs, units] = kernel.shape;
        const mask = tf.tensor2d(ctx.rng.bernoulliArray(inputs * units, p), [inputs, units]);
        z = tf.matMul(x as tf.Tensor2D, tf.mul(kernel, mask));
      } else {
        z = perSampleDropConnect(x as tf.Tensor2D, kernel, p, ctx.rng.fork(), ctx.inputGradient ?? true);
      }
    }
    return this.bias ? tf.add(z, this.bias) : z;
  }
}

/**
 * Per-sample DropConnect by moment matching: with an independent mask per sample, sum_i m_bij w_ij x_bi has mean
 * p (x W)_bj and variance p (1 - p) (x^2 W^2)_bj, and over hundreds of inputs it is close to Gaussian (CLT), so it is
 * drawn as mean + sd * eps with eps ~ N(0, 1) from `rng`. Differentiable by reparameterisation.
 */
export function gaussianDropConnect(x: tf.Tensor2D, kernel: tf.Tensor2D, p: number, rng: Rng): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch] = x.shape;
    const units = kernel.shape[1];
    const mean = tf.mul(tf.matMul(x, kernel), p);
    const variance = tf.mul(tf.matMul(tf.square(x), tf.square(kernel)), p * (1 - p));
    const eps = tf.tensor2d(rng.normalArray(batch * units), [batch, units]);
    // The small floor keeps sqrt's gradient finite where a sample's inputs to a unit are all zero.
    return tf.add(mean, tf.mul(tf.sqrt(tf.add(variance, 1e-10)), eps)) as tf.Tensor2D;
  });
}

/**
 * y[b] = x[b] (M_b * W) with an independent mask M_b per sample; masks are drawn from `rng` in sample order.
 * With `inputGradient` false the backward pass skips x's gradient (a custom gradient can't tell whether autodiff
 * needs it) and reports zeros: only for inputs that depend on nothing trained.
 */
export function perSampleDropConnect(x: tf.Tensor2D, kernel: tf.Tensor2D, p: number, rng: Rng, inputGradient = true): tf.Tensor2D {
  const [batch, inputs] = x.shape;
  const units = kernel.shape[1];
  const perSample = inputs * units;
  const chunk = Math.max(1, Math.min(batch, Math.floor(PER_SAMPLE_BLOCK_ELEMENTS / perSample)));
  const start = rng.state();
  const maskBuffer = new Float32Array(chunk * perSample);

  /** Calls `fn` for each chunk with its mask, regenerating the same masks from the same start state. */
  const forEachChunk = (fn: (offset: number, size: number, mask: tf.Tensor3D) => void): void => {
    const r = new Rng(start);
    for (let offset = 0; offset < batch; offset += chunk) {
      const size = Math.min(chunk, batch - offset);
      const values = r.bernoulliArray(size * perSample, p, maskBuffer.subarray(0, size * perSample));
      const mask = tf.tensor3d(values, [size, inputs, units]);
      fn(offset, size, mask);
      mask.dispose();
    }
  };

  const op = tf.customGrad((xIn, wIn, save) => {
    const xs = xIn as tf.Tensor2D;
    const w = wIn as tf.Tensor2D;
    // The inputs may be intermediates that tf.js frees after the forward pass unless saved for the backward one.
    (save as tf.GradSaveFunc)([xs, w]);
    const parts: tf.Tensor[] = [];
    forEachChunk((offset, size, mask) => {
      parts.push(
        tf.tidy(() => maskedProduct(tf.slice(xs, [offset, 0], [size, inputs]), w, mask)),
      );
    });
    const value = parts.length === 1 ? parts[0]! : tf.concat(parts, 0);
    if (parts.length > 1) for (const t of parts) t.dispose();
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xs, w] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dxParts: tf.Tensor[] = [];
      let dw: tf.Tensor = tf.zeros([inputs, units]);
      forEachChunk((offset, size, mask) => {
        const [dxc, dwc] = tf.tidy(() => maskedProductGrad(tf.slice(xs, [offset, 0], [size, inputs]), w, mask, tf.slice(dy as tf.Tensor2D, [offset, 0], [size, units]), inputGradient));
        dxParts.push(dxc);
        const next = tf.add(dw, dwc);
        dw.dispose();
        dwc.dispose();
        dw = next;
      });
      const dx = dxParts.length === 1 ? dxParts[0]! : tf.concat(dxParts, 0);
      if (dxParts.length > 1) for (const t of dxParts) t.dispose();
      return [dx, dw];
    };
    return { value, gradFunc };
  });
  return op(x, kernel) as tf.Tensor2D;
}

export interface TiedDenseConfig {
  name: string;
  /** The Dense layer whose kernel W this layer uses as W^T (really shared: one variable). */
  tiedTo: string;
  activation: Activation;
  useBias: boolean;
}

/** Decoder layer of a tied autoencoder: act(x W_src^T + b) with its own bias. */
export class TiedDense extends Layer<TiedDenseConfig> implements LinearLayer {
  readonly className = 'TiedDense';
  source: Dense | null = null;
  bias: tf.Variable | null = null;

  get activation(): Activation {
    return this.config.activation;
  }

  computeOutputShape(inputShape: number[]): number[] {
    if (inputShape.length !== 1) throw new CoreError('SHAPE_MISMATCH', `layer ${this.name} expects flat inputs`);
    // The real width comes from the source layer; known once built.
    return this.source?.inputShape ? [...this.source.inputShape] : [...inputShape];
  }

  protected createWeights(inputShape: number[], _rng: Rng, scope?: LayerScope): void {
    const source = scope?.getLayer(this.config.tiedTo);
    if (!(source instanceof Dense) || !source.built || !source.inputShape) {
      throw new CoreError('INVALID_CONFIG', `layer ${this.name}: tiedTo "${this.config.tiedTo}" must name a built Dense layer`);
    }
    if (source.config.units !== inputShape[0]) {
      throw new CoreError('SHAPE_MISMATCH', `layer ${this.name}: input width ${inputShape[0]} does not match ${source.name}'s ${source.config.units} units`);
    }
    this.source = source;
    this.outputShape = [...source.inputShape];
    const units = source.inputShape[0]!;
    if (this.config.useBias) this.bias = this.addWeight('bias', new Float32Array(units), [units]);
  }

  linear(x: tf.Tensor, _ctx: ApplyContext): tf.Tensor {
    this.requireBuilt();
    const kernel = this.source!.kernel as tf.Tensor2D;
    const z = tf.matMul(x as tf.Tensor2D, kernel, false, true);
    return this.bias ? tf.add(z, this.bias) : z;
  }

  apply(x: tf.Tensor, ctx: ApplyContext): tf.Tensor {
    return activate(this.linear(x, ctx), this.config.activation);
  }
}

registerLayer('Dense', Dense as never);
registerLayer('DropConnectDense', DropConnectDense as never);
registerLayer('TiedDense', TiedDense as never);
