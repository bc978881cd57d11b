import { CoreError } from '../errors.js';

function checkPair(actual: ArrayLike<number>, predicted: ArrayLike<number>, what: string): void {
  if (actual.length !== predicted.length) throw new CoreError('SHAPE_MISMATCH', `${what}: ${actual.length} labels but ${predicted.length} predictions`);
  if (actual.length === 0) throw new CoreError('INVALID_ARGUMENT', `${what}: no labels`);
}

/** Fraction of predictions equal to the labels. */
export function accuracy(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPair(actual, predicted, 'accuracy');
  let right = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] === predicted[i]) right++;
  return right / actual.length;
}

/**
 * Counts with rows = actual class and columns = predicted class (`m[a][p]`). `classes` defaults to the largest label
 * seen + 1; labels outside 0..classes-1 are an error.
 */
export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, classes?: number): number[][] {
  checkPair(actual, predicted, 'confusionMatrix');
  let k = classes ?? 0;
  if (classes === undefined) for (let i = 0; i < actual.length; i++) k = Math.max(k, actual[i]! + 1, predicted[i]! + 1);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const p = predicted[i]!;
    if (!Number.isInteger(a) || !Number.isInteger(p) || a < 0 || p < 0 || a >= k || p >= k) {
      throw new CoreError('INVALID_ARGUMENT', `confusionMatrix: label ${a} / prediction ${p} at ${i} is not a class 0..${k - 1}`);
    }
    m[a]![p]!++;
  }
  return m;
}

/** The arg-max class of each row of a scores matrix `[n x classes]` (first maximum wins). */
export function predictedLabels(scores: ArrayLike<number>, classes: number): Int32Array {
  if (!Number.isInteger(classes) || classes < 1 || scores.length % classes !== 0) {
    throw new CoreError('SHAPE_MISMATCH', `predictedLabels: ${scores.length} scores is not [n x ${classes}]`);
  }
  const n = scores.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (scores[i * classes + c]! > scores[i * classes + best]!) best = c;
    out[i] = best;
  }
  return out;
}
