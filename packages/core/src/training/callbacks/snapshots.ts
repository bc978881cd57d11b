import * as tf from '@tensorflow/tfjs';
import { BaseAutoEncoder, type Trainable } from '../../models/model.js';
import { sampleSize, takeSamples, type TrainData } from '../data.js';
import type { SnapshotEvent, TrainEvent } from '../events.js';
import type { TrainCallback } from './callback.js';

type Snapshot = Pick<SnapshotEvent, 'weights' | 'codes'>;

/** The first regularised kernel and the codes of `sample`, read asynchronously (every backend can). */
export async function snapshotOf(model: Trainable, sample: TrainData | null): Promise<Snapshot> {
  if (!(model instanceof BaseAutoEncoder)) return {};
  const out: Snapshot = {};
  const first = model.weights().find((w) => w.regularize);
  if (first) out.weights = { name: first.name, shape: [...first.variable.shape], values: Float32Array.from((await first.variable.data()) as Float32Array) };
  if (sample) {
    const codes = tf.tidy(() => {
      const x = tf.tensor(sample.features.subarray(0, sample.count * sampleSize(sample)), [sample.count, ...sample.shape]);
      return tf.reshape(model.encode(x), [sample.count, -1]);
    });
    try {
      out.codes = { shape: [...codes.shape], values: Float32Array.from((await codes.data()) as Float32Array) };
    } finally {
      codes.dispose();
    }
    if (sample.labels) out.codes.labels = sample.labels;
  }
  return out;
}

/** Emits a snapshot event every `every` steps, over the first `samples` samples of `data` (the same ones each time). */
export class Snapshots implements TrainCallback {
  private readonly sample: TrainData;

  constructor(
    private readonly model: Trainable,
    data: TrainData,
    private readonly every: number,
    samples: number,
    private readonly emit: (event: TrainEvent) => Promise<void>,
    private readonly clock: () => { epoch: number; step: number; elapsedMs: number },
  ) {
    this.sample = takeSamples(data, Array.from({ length: Math.min(samples, data.count) }, (_, i) => i));
  }

  async afterStep(step: number): Promise<void> {
    if (step % this.every !== 0) return;
    await this.emit({ type: 'snapshot', ...this.clock(), ...(await snapshotOf(this.model, this.sample)) });
  }
}
