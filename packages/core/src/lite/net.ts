import { CoreError } from '../errors.js';
import { activate, multiplyByDerivative, type LiteActivation } from './activations.js';
import type { InitializerConfig } from '../config/model.js';
import { initialize } from '../layers/initializers.js';
import { Rng } from '../layers/random.js';

/** The initialisers of a run config's dense layers. */
export type LiteInitializer = InitializerConfig;

export interface LiteLayerSpec {
  units: number;
  activation: LiteActivation;
  initializer?: LiteInitializer;
}

/**
 * Penalties added to the reconstruction loss, as the run config's `model.regularization` means them: activity terms
 * on the outputs of layer `codeLayer` (per digit summed over units, averaged over the batch), weight terms over every
 * kernel (biases are not penalised), once per batch.
 */
export interface LitePenalty {
  codeLayer: number;
  l1Activity?: number;
  l2Activity?: number;
  l1Weights?: number;
  l2Weights?: number;
}

/** The value of each penalty term in the last backward pass (0 for terms not asked for). */
export interface LitePenaltyTerms {
  l1Activity: number;
  l2Activity: number;
  l1Weights: number;
  l2Weights: number;
}

/** A fully connected net; `layers` ends with the output layer. */
export interface LiteNetSpec {
  inputSize: number;
  layers: LiteLayerSpec[];
}

/** Where one layer's kernel (`[inputs][units]`, tfjs's Dense layout) and bias live in the flat parameter vector. */
export interface LiteLayerLayout {
  inputs: number;
  units: number;
  activation: LiteActivation;
  kernelOffset: number;
  biasOffset: number;
}

/**
 * A dense net trained by hand-written forward and backward passes on Float64Arrays. Every parameter lives in one
 * flat vector (and every gradient in a twin), so an optimiser step is a single loop and nothing allocates per step.
 */
export class LiteNet {
  /** What the net was built from (a saved model's config is derived from it). */
  readonly spec: LiteNetSpec;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly layers: readonly LiteLayerLayout[];
  readonly params: Float64Array;
  readonly grads: Float64Array;
  /** Rows the work buffers hold; larger inputs are processed in chunks. */
  readonly capacity: number;
  /** acts[0] is the input; acts[l + 1] the output of layer l. */
  private readonly acts: Float64Array[];
  private readonly deltas: Float64Array[];
  /** The input before noise was added (the target of a denoising step). */
  private readonly clean: Float64Array;
  /** Penalty values of the last backward pass. */
  readonly terms: LitePenaltyTerms = { l1Activity: 0, l2Activity: 0, l1Weights: 0, l2Weights: 0 };

  constructor(spec: LiteNetSpec, options: { seed?: number; capacity?: number } = {}) {
    if (!Number.isInteger(spec.inputSize) || spec.inputSize < 1) {
      throw new CoreError('INVALID_ARGUMENT', `lite net: input size must be a positive integer, got ${spec.inputSize}`);
    }
    if (spec.layers.length === 0) throw new CoreError('INVALID_ARGUMENT', 'lite net: needs at least one layer');
    const layers: LiteLayerLayout[] = [];
    let offset = 0;
    let inputs = spec.inputSize;
    spec.layers.forEach((l, i) => {
      if (!Number.isInteger(l.units) || l.units < 1) {
        throw new CoreError('INVALID_ARGUMENT', `lite net: layer ${i} needs a positive integer number of units, got ${l.units}`);
      }
      layers.push({ inputs, units: l.units, activation: l.activation, kernelOffset: offset, biasOffset: offset + inputs * l.units });
      offset += inputs * l.units + l.units;
      inputs = l.units;
    });
    this.spec = structuredClone(spec);
    this.inputSize = spec.inputSize;
    this.outputSize = inputs;
    this.layers = layers;
    this.params = new Float64Array(offset);
    this.grads = new Float64Array(offset);
    this.capacity = Math.max(1, Math.trunc(options.capacity ?? 256));
    this.acts = [new Float64Array(this.capacity * spec.inputSize), ...layers.map((l) => new Float64Array(this.capacity * l.units))];
    this.deltas = layers.map((l) => new Float64Array(this.capacity * l.units));
    this.clean = new Float64Array(this.capacity * spec.inputSize);
    this.initialize(spec, new Rng(options.seed ?? 0, 'init'));
  }

  /**
   * Initial weights exactly as a tfjs model built from the same config and seed gets them: the seed's 'init'
   * stream, layer after layer, through the same initialisers (float32 values), biases zero.
   */
  private initialize(spec: LiteNetSpec, rng: Rng): void {
    this.layers.forEach((layer, i) => {
      const init = spec.layers[i]!.initializer ?? { type: 'glorotUniform' };
      this.params.set(initialize(init, [layer.inputs, layer.units], rng), layer.kernelOffset);
    });
  }

  /** Number of trainable parameters. */
  get size(): number {
    return this.params.length;
  }

  /** Copies `count` rows of `data` (row-major, inputSize wide), picked by `rows[start..]` when given, into the input buffer. */
  load(data: ArrayLike<number>, count: number, rows?: ArrayLike<number>, start = 0): void {
    const d = this.inputSize;
    const input = this.acts[0]!;
    if (count > this.capacity) throw new CoreError('INVALID_ARGUMENT', `lite net: ${count} rows exceed the buffer of ${this.capacity}`);
    for (let r = 0; r < count; r++) {
      const src = (rows ? rows[start + r]! : start + r) * d;
      const dst = r * d;
      for (let j = 0; j < d; j++) input[dst + j] = data[src + j]!;
    }
  }

  /**
   * Adds N(0, sigma^2) noise to the `count` rows in the input buffer (a denoising autoencoder's corruption) and
   * returns the clean rows, which stay the target.
   */
  addInputNoise(count: number, sigma: number, normal: () => number): Float64Array {
    const input = this.acts[0]!;
    const n = count * this.inputSize;
    for (let i = 0; i < n; i++) {
      this.clean[i] = input[i]!;
      input[i] = input[i]! + sigma * normal();
    }
    return this.clean;
  }

  /**
   * Forward pass over the `count` rows in the input buffer through the first `upTo` layers (default: all); returns
   * the buffer of the last computed layer's outputs. Stopping early spares an encoder-only pass the decoder's cost.
   */
  forward(count: number, upTo = this.layers.length): Float64Array {
    const p = this.params;
    for (let l = 0; l < upTo; l++) {
      const { inputs, units, activation, kernelOffset, biasOffset } = this.layers[l]!;
      const a = this.acts[l]!;
      const z = this.acts[l + 1]!;
      for (let b = 0; b < count; b++) {
        const zRow = b * units;
        for (let o = 0; o < units; o++) z[zRow + o] = p[biasOffset + o]!;
        const aRow = b * inputs;
        for (let i = 0; i < inputs; i++) {
          const ai = a[aRow + i]!;
          if (ai === 0) continue;
          const k = kernelOffset + i * units;
          for (let o = 0; o < units; o++) z[zRow + o] = z[zRow + o]! + ai * p[k + o]!;
        }
      }
      activate(activation, z, 0, count * units);
    }
    return this.acts[upTo]!;
  }

  /**
   * Backward pass for the mean squared reconstruction error (mean over rows and features) of the last forward
   * pass, with the input as the target. Overwrites `grads`; returns the loss.
   */
  backwardReconstruction(count: number, penalty?: LitePenalty): number {
    return this.backward(count, this.acts[0]!, penalty);
  }

  /**
   * Like backwardReconstruction with an explicit target buffer (`count` rows, outputSize wide), and optional
   * penalties whose gradients join the reconstruction's (their values land in `terms`). Returns the reconstruction
   * MSE alone.
   */
  backward(count: number, target: ArrayLike<number>, penalty?: LitePenalty): number {
    const L = this.layers.length;
    const out = this.acts[L]!;
    this.terms.l1Activity = 0;
    this.terms.l2Activity = 0;
    const n = count * this.outputSize;
    const top = this.deltas[L - 1]!;
    let sum = 0;
    const scale = 2 / n;
    for (let i = 0; i < n; i++) {
      const diff = out[i]! - target[i]!;
      sum += diff * diff;
      top[i] = scale * diff;
    }
    const g = this.grads;
    const p = this.params;
    for (let l = L - 1; l >= 0; l--) {
      const { inputs, units, activation, kernelOffset, biasOffset } = this.layers[l]!;
      const delta = this.deltas[l]!;
      if (penalty && l === penalty.codeLayer && (penalty.l1Activity || penalty.l2Activity)) this.addActivityGradient(count, units, delta, penalty);
      multiplyByDerivative(activation, this.acts[l + 1]!, delta, 0, count * units);
      const a = this.acts[l]!;
      g.fill(0, kernelOffset, biasOffset + units);
      for (let b = 0; b < count; b++) {
        const dRow = b * units;
        for (let o = 0; o < units; o++) g[biasOffset + o] = g[biasOffset + o]! + delta[dRow + o]!;
        const aRow = b * inputs;
        for (let i = 0; i < inputs; i++) {
          const ai = a[aRow + i]!;
          if (ai === 0) continue;
          const k = kernelOffset + i * units;
          for (let o = 0; o < units; o++) g[k + o] = g[k + o]! + ai * delta[dRow + o]!;
        }
      }
      if (l === 0) break;
      const below = this.deltas[l - 1]!;
      for (let b = 0; b < count; b++) {
        const dRow = b * units;
        const bRow = b * inputs;
        for (let i = 0; i < inputs; i++) {
          const k = kernelOffset + i * units;
          let s = 0;
          for (let o = 0; o < units; o++) s += delta[dRow + o]! * p[k + o]!;
          below[bRow + i] = s;
        }
      }
    }
    this.addWeightGradient(penalty);
    return sum / n;
  }

  /** d/dh of l1·mean_b Σ|h| + l2·mean_b Σh² added to the code layer's delta (sign(0) = 0, as tf.abs's gradient). */
  private addActivityGradient(count: number, units: number, delta: Float64Array, penalty: LitePenalty): void {
    const l1 = penalty.l1Activity ?? 0;
    const l2 = penalty.l2Activity ?? 0;
    const h = this.acts[penalty.codeLayer + 1]!;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < count * units; i++) {
      const a = h[i]!;
      s1 += Math.abs(a);
      s2 += a * a;
      delta[i] = delta[i]! + (l1 * Math.sign(a) + 2 * l2 * a) / count;
    }
    this.terms.l1Activity = (l1 * s1) / count;
    this.terms.l2Activity = (l2 * s2) / count;
  }

  /** d/dW of l1·Σ|W| + l2·ΣW² over every kernel, added to the gradients. */
  private addWeightGradient(penalty: LitePenalty | undefined): void {
    const l1 = penalty?.l1Weights ?? 0;
    const l2 = penalty?.l2Weights ?? 0;
    this.terms.l1Weights = 0;
    this.terms.l2Weights = 0;
    if (l1 === 0 && l2 === 0) return;
    const p = this.params;
    const g = this.grads;
    let s1 = 0;
    let s2 = 0;
    for (const { kernelOffset, biasOffset } of this.layers) {
      for (let k = kernelOffset; k < biasOffset; k++) {
        const w = p[k]!;
        s1 += Math.abs(w);
        s2 += w * w;
        g[k] = g[k]! + l1 * Math.sign(w) + 2 * l2 * w;
      }
    }
    this.terms.l1Weights = l1 * s1;
    this.terms.l2Weights = l2 * s2;
  }

  /** Σ|W| and ΣW² over every kernel (what the weight penalties weigh). */
  kernelSums(): { l1: number; l2: number } {
    let l1 = 0;
    let l2 = 0;
    const p = this.params;
    for (const { kernelOffset, biasOffset } of this.layers) {
      for (let k = kernelOffset; k < biasOffset; k++) {
        l1 += Math.abs(p[k]!);
        l2 += p[k]! * p[k]!;
      }
    }
    return { l1, l2 };
  }

  /**
   * Mean reconstruction MSE (per value) and, per row, the mean activity sums Σ|h| and Σh² of layer `codeLayer`,
   * over `count` rows of `data` (no gradients): what a validation record needs.
   */
  evaluate(data: ArrayLike<number>, count: number, codeLayer: number): { mse: number; l1: number; l2: number } {
    const { sum, s1, s2 } = this.reconstructionSums(data, count, codeLayer);
    return count === 0 ? { mse: NaN, l1: NaN, l2: NaN } : { mse: sum / (count * this.inputSize), l1: s1 / count, l2: s2 / count };
  }

  /**
   * Σ(out - in)² over `count` rows of `data` and, when `codeLayer` names a layer, its Σ|h| and Σh² (0 for the
   * default -1, so reconstructionMse pays nothing for them).
   */
  private reconstructionSums(data: ArrayLike<number>, count: number, codeLayer = -1): { sum: number; s1: number; s2: number } {
    let sum = 0;
    let s1 = 0;
    let s2 = 0;
    const d = this.inputSize;
    const units = this.layers[codeLayer]?.units ?? 0;
    for (let start = 0; start < count; start += this.capacity) {
      const m = Math.min(this.capacity, count - start);
      this.load(data, m, undefined, start);
      const out = this.forward(m);
      const input = this.acts[0]!;
      for (let i = 0; i < m * d; i++) {
        const diff = out[i]! - input[i]!;
        sum += diff * diff;
      }
      const h = this.acts[codeLayer + 1]!;
      for (let i = 0; i < m * units; i++) {
        s1 += Math.abs(h[i]!);
        s2 += h[i]! * h[i]!;
      }
    }
    return { sum, s1, s2 };
  }

  /**
   * Outputs of layer `layer` (default: the last) for `count` rows of `data`, written row-major into a new
   * Float32Array (or `out`).
   */
  predict(data: ArrayLike<number>, count: number, layer = this.layers.length - 1, out?: Float32Array): Float32Array {
    const units = this.layers[layer]?.units;
    if (units === undefined) throw new CoreError('INVALID_ARGUMENT', `lite net: no layer ${layer} (it has ${this.layers.length})`);
    const result = out ?? new Float32Array(count * units);
    for (let start = 0; start < count; start += this.capacity) {
      const m = Math.min(this.capacity, count - start);
      this.load(data, m, undefined, start);
      this.forward(m, layer + 1);
      const act = this.acts[layer + 1]!;
      const base = start * units;
      for (let i = 0; i < m * units; i++) result[base + i] = act[i]!;
    }
    return result;
  }

  /** Mean squared reconstruction error over `count` rows (no gradients). */
  reconstructionMse(data: ArrayLike<number>, count: number): number {
    return count === 0 ? NaN : this.reconstructionSums(data, count).sum / (count * this.inputSize);
  }

  /** A layer's kernel as `[inputs][units]` and its bias, copied out. */
  layerParams(layer: number): { kernel: Float64Array; bias: Float64Array } {
    const l = this.layers[layer];
    if (!l) throw new CoreError('INVALID_ARGUMENT', `lite net: no layer ${layer}`);
    return {
      kernel: this.params.slice(l.kernelOffset, l.kernelOffset + l.inputs * l.units),
      bias: this.params.slice(l.biasOffset, l.biasOffset + l.units),
    };
  }
}
