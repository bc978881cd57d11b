import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../../config/training.js';
import { Dense, denseDefaults } from '../../layers/dense.js';
import { firstLayerContext, type ApplyContext } from '../../layers/layer.js';
import { Rng } from '../../layers/random.js';
import { softmaxCrossEntropy } from '../../losses/reconstruction.js';
import { collectWeights, readWeights, readWeightsAsync, writeWeights, type Batch, type LossTerms, type Trainable } from '../../models/model.js';
import type { SavedArray } from '../../optimizers/optimizers.js';
import type { HiddenActivation, Matrix } from './types.js';

/**
 * The fine-tuned network of Table 2: the pretrained encoders, each optionally followed by batch normalisation of its
 * pre-activation (the lab's ReLU networks: BN is added for fine-tuning only, so pretraining never sees it), and a
 * softmax output. With no hidden layers it is softmax regression on the pixels (the report's 0.895 row).
 */
export class LabClassifier implements Trainable {
  readonly supervised = true;
  readonly hidden: Dense[];
  readonly head: Dense;

  constructor(inputs: number, units: readonly number[], activation: HiddenActivation, batchNorm: boolean, initStd: number, classes: number, seed: number) {
    const rng = new Rng(seed, 'lab-classifier');
    const initializer = { type: 'gaussian' as const, std: initStd };
    let width = inputs;
    this.hidden = units.map((u, i) => {
      const layer = new Dense(denseDefaults({ name: `hidden_${i + 1}`, units: u, activation, batchNorm, initializer }));
      layer.build([width], rng);
      width = u;
      return layer;
    });
    this.head = new Dense(denseDefaults({ name: 'softmax', units: classes, activation: 'identity', initializer }));
    this.head.build([width], rng);
  }

  /** Starts hidden layer i from a pretrained encoder's kernel and bias. */
  loadEncoder(i: number, kernel: tf.Tensor, bias: tf.Tensor | null): void {
    const layer = this.hidden[i]!;
    layer.kernel!.assign(kernel);
    if (bias && layer.bias) layer.bias.assign(bias);
  }

  private layers(): Dense[] {
    return [...this.hidden, this.head];
  }

  trainableVariables(): tf.Variable[] {
    return collectWeights(this.layers())
      .filter((w) => w.trainable)
      .map((w) => w.variable);
  }

  logits(x: tf.Tensor, ctx: ApplyContext): tf.Tensor2D {
    let h = x;
    this.hidden.forEach((layer, i) => (h = layer.apply(h, i === 0 ? firstLayerContext(ctx) : ctx)));
    return this.head.linear(h, this.hidden.length === 0 ? firstLayerContext(ctx) : ctx) as tf.Tensor2D;
  }

  lossTerms(batch: Batch, ctx: ApplyContext, _loss: LossName): LossTerms {
    const logits = this.logits(batch.x, ctx);
    const crossEntropy = softmaxCrossEntropy(batch.labels!, logits);
    const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(batch.labels!, 'int32')), 'float32')) as tf.Scalar;
    return { total: crossEntropy, terms: { crossEntropy }, metrics: { accuracy } };
  }

  /** Fraction of `x`'s rows whose most probable class is their label (inference mode: BN's moving averages). */
  async accuracy(x: Matrix, labels: Int32Array): Promise<number> {
    let correct = 0;
    const step = 500;
    for (let start = 0; start < x.rows; start += step) {
      const n = Math.min(step, x.rows - start);
      const pred = tf.tidy(() => tf.argMax(this.logits(tf.tensor2d(x.data.subarray(start * x.cols, (start + n) * x.cols), [n, x.cols]), { training: false }), 1));
      try {
        const p = (await pred.data()) as Int32Array;
        for (let i = 0; i < n; i++) if (p[i] === labels[start + i]) correct++;
      } finally {
        pred.dispose();
      }
    }
    return correct / Math.max(1, x.rows);
  }

  /** Each hidden layer's kernel projected to the input: W1, W1 W2, W1 W2 W3 ([inputs x units], row-major). */
  async projectedKernels(): Promise<{ values: Float32Array; units: number }[]> {
    const out: { values: Float32Array; units: number }[] = [];
    let product: tf.Tensor2D | null = null;
    for (const layer of this.hidden) {
      const next: tf.Tensor2D = product ? tf.matMul(product, layer.kernel as tf.Tensor2D) : tf.clone(layer.kernel as tf.Tensor2D);
      product?.dispose();
      product = next;
      out.push({ values: Float32Array.from((await product.data()) as Float32Array), units: product.shape[1] });
    }
    product?.dispose();
    return out;
  }

  getWeights(): SavedArray[] {
    return readWeights(collectWeights(this.layers()));
  }

  getWeightsAsync(): Promise<SavedArray[]> {
    return readWeightsAsync(collectWeights(this.layers()));
  }

  setWeights(weights: SavedArray[]): void {
    writeWeights(collectWeights(this.layers()), weights, 'LabClassifier');
  }

  dispose(): void {
    for (const l of this.layers()) l.dispose();
  }
}
