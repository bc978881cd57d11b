import * as tf from '@tensorflow/tfjs';
import { CoreError } from '../errors.js';
import type { Rng } from './random.js';

/** How a layer runs: training (masks, noise, batch statistics) or inference (expected weights, moving averages). */
export interface ApplyContext {
  training: boolean;
  /** Draws masks and noise while training; required by stochastic layers when `training` is true. */
  rng?: Rng;
  /**
   * False when nothing upstream of the layer's input is trained (a network's first layer), so a layer whose
   * gradient is written by hand may skip the input's gradient. Default true; plain tf.js ops never need it.
   */
  inputGradient?: boolean;
}

/**
 * The context of a model's first layer: its input is data (or codes of lower levels computed beforehand), never
 * something trained, unless the caller said otherwise.
 */
export function firstLayerContext(ctx: ApplyContext): ApplyContext {
  return ctx.inputGradient === undefined ? { ...ctx, inputGradient: false } : ctx;
}

export interface LayerWeight {
  /** Stable name inside the model (`layerName/kernel`), used by save/load and optimizer state. */
  name: string;
  variable: tf.Variable;
  trainable: boolean;
  /** Kernels take the L1/L2 weight penalties; biases and batch-norm parameters do not. */
  regularize: boolean;
}

export interface SerializedLayer {
  className: string;
  config: { name: string } & Record<string, unknown>;
}

/** Lets a layer find another layer of the same model while building (tied weights). */
export interface LayerScope {
  getLayer(name: string): Layer;
}

let variableCounter = 0;

/** tf.js variable names are global; prefixing a counter keeps two models with the same layer names apart. */
export function makeVariable(name: string, values: Float32Array, shape: number[], trainable: boolean): tf.Variable {
  variableCounter += 1;
  const initial = tf.tensor(values, shape, 'float32');
  const variable = tf.variable(initial, trainable, `aelab${variableCounter}/${name}`);
  initial.dispose();
  return variable;
}

export abstract class Layer<C extends { name: string } = { name: string }> {
  abstract readonly className: string;
  readonly config: C;
  protected weightList: LayerWeight[] = [];
  inputShape: number[] | null = null;
  outputShape: number[] | null = null;

  constructor(config: C) {
    this.config = config;
  }

  get name(): string {
    return this.config.name;
  }

  get built(): boolean {
    return this.inputShape !== null;
  }

  /** Creates the weights for a per-sample input shape (no batch dimension). */
  build(inputShape: number[], rng: Rng, scope?: LayerScope): void {
    if (this.built) throw new CoreError('INVALID_ARGUMENT', `layer ${this.name} is already built`);
    this.outputShape = this.computeOutputShape(inputShape);
    this.inputShape = [...inputShape];
    this.createWeights(inputShape, rng, scope);
  }

  protected abstract createWeights(inputShape: number[], rng: Rng, scope?: LayerScope): void;

  /** Output shape (no batch dimension) for a per-sample input shape. */
  abstract computeOutputShape(inputShape: number[]): number[];

  /** Batch in, batch out. */
  abstract apply(x: tf.Tensor, ctx: ApplyContext): tf.Tensor;

  /** The weights this layer owns (a tied layer does not own its source's kernel). */
  weights(): LayerWeight[] {
    return this.weightList;
  }

  countParams(trainableOnly = false): number {
    return this.weights()
      .filter((w) => !trainableOnly || w.trainable)
      .reduce((n, w) => n + w.variable.size, 0);
  }

  getConfig(): C {
    return structuredClone(this.config);
  }

  serialize(): SerializedLayer {
    return { className: this.className, config: this.getConfig() as unknown as SerializedLayer['config'] };
  }

  protected addWeight(suffix: string, values: Float32Array, shape: number[], opts: { trainable?: boolean; regularize?: boolean } = {}): tf.Variable {
    const name = `${this.name}/${suffix}`;
    const trainable = opts.trainable ?? true;
    const variable = makeVariable(name, values, shape, trainable);
    this.weightList.push({ name, variable, trainable, regularize: opts.regularize ?? false });
    return variable;
  }

  protected requireBuilt(): void {
    if (!this.built) throw new CoreError('INVALID_ARGUMENT', `layer ${this.name} is used before it was built`);
  }

  dispose(): void {
    for (const w of this.weightList) w.variable.dispose();
    this.weightList = [];
  }
}

type LayerConstructor = new (config: never) => Layer;

const layerRegistry = new Map<string, LayerConstructor>();

/** Registers a layer class under its `className` (tfjs-layers style), so serialized models can be rebuilt. */
export function registerLayer(className: string, ctor: LayerConstructor): void {
  layerRegistry.set(className, ctor);
}

export function deserializeLayer(s: SerializedLayer): Layer {
  const ctor = layerRegistry.get(s.className);
  if (!ctor) throw new CoreError('UNKNOWN_CLASS', `unknown layer class "${s.className}" (known: ${[...layerRegistry.keys()].join(', ')})`);
  return new ctor(structuredClone(s.config) as never);
}

export function registeredLayerClasses(): string[] {
  return [...layerRegistry.keys()];
}
