import { CoreError } from '../errors.js';
import { Rng } from '../layers/random.js';

/**
 * Samples as training reads them; structurally a subset of `@aelab/datasets`' Dataset, so a Dataset can be passed
 * as it is. Features lie flat, sample after sample.
 */
export interface TrainData {
  features: Float32Array;
  /** Per-sample shape, e.g. [28, 28, 1] or [2]. */
  shape: number[];
  count: number;
  labels?: Int32Array;
  classNames?: string[];
}

export function sampleSize(data: Pick<TrainData, 'shape'>): number {
  return data.shape.reduce((a, b) => a * b, 1);
}

export function checkTrainData(data: TrainData, who = 'training data'): void {
  const per = sampleSize(data);
  if (data.count < 1) throw new CoreError('INVALID_ARGUMENT', `${who} is empty`);
  if (data.features.length < data.count * per) {
    throw new CoreError('SHAPE_MISMATCH', `${who}: ${data.count} samples of [${data.shape.join(', ')}] need ${data.count * per} values, got ${data.features.length}`);
  }
  if (data.labels && data.labels.length < data.count) {
    throw new CoreError('SHAPE_MISMATCH', `${who}: ${data.count} samples but ${data.labels.length} labels`);
  }
}

/** The samples at `indices`, in that order. */
export function takeSamples(data: TrainData, indices: ArrayLike<number>): TrainData {
  const per = sampleSize(data);
  const features = new Float32Array(indices.length * per);
  const labels = data.labels ? new Int32Array(indices.length) : undefined;
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    features.set(data.features.subarray(j * per, (j + 1) * per), i * per);
    if (labels) labels[i] = data.labels![j]!;
  }
  const out: TrainData = { features, shape: [...data.shape], count: indices.length };
  if (labels) out.labels = labels;
  if (data.classNames) out.classNames = data.classNames;
  return out;
}

/**
 * Which samples validate and which train, for `count` samples: a random `fraction` (at least one sample when the
 * fraction is positive and there are two or more samples) from the seed's 'validation-split' stream, each part in
 * ascending order. Both trainers split this way (the web playground calls it directly).
 */
export function validationSplitIndices(count: number, fraction: number, seed: number): { train: Int32Array; validation: Int32Array } {
  if (!(fraction > 0) || count < 2) return { train: Int32Array.from({ length: count }, (_, i) => i), validation: new Int32Array(0) };
  const nVal = Math.min(count - 1, Math.max(1, Math.floor(count * fraction)));
  const order = new Rng(seed, 'validation-split').permutation(count);
  return { validation: order.subarray(0, nVal).slice().sort(), train: order.subarray(nVal).slice().sort() };
}

/** Seeded split into training and validation samples (see validationSplitIndices). */
export function splitValidation(data: TrainData, fraction: number, seed: number): { train: TrainData; validation: TrainData | null } {
  if (!(fraction > 0) || data.count < 2) return { train: data, validation: null };
  const { train, validation } = validationSplitIndices(data.count, fraction, seed);
  return { train: takeSamples(data, train), validation: takeSamples(data, validation) };
}
