import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../events.js';
import { EarlyStopping } from './early-stopping.js';

const epoch = (n: number, loss: number, valLoss?: number): EpochRecord => ({
  epoch: n,
  step: n * 10,
  loss,
  terms: { reconstruction: loss },
  metrics: {},
  elapsedMs: 0,
  samplesPerSecond: 0,
  ...(valLoss !== undefined ? { valLoss } : {}),
});

/** Feeds the losses in and returns the reason of each epoch. */
function feed(rule: EarlyStopping, losses: [number, number?][]): (string | null)[] {
  return losses.map(([loss, val], i) => rule.afterEpoch({ record: epoch(i + 1, loss, val), previous: undefined, stopping: null }));
}

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without an improvement of minDelta, watching the validation loss', () => {
    const rule = new EarlyStopping({ patience: 2, minDelta: 0.1 });
    // Training loss keeps falling; the validation loss improves by less than 0.1 after epoch 2.
    expect(feed(rule, [[5, 1], [4, 0.8], [3, 0.75], [2, 0.72]])).toEqual([null, null, null, 'early-stopping']);
    expect(rule.best).toEqual({ value: 0.8, wait: 2 });
  });

  it('watches the training loss without validation, and a real improvement resets the wait', () => {
    const rule = new EarlyStopping({ patience: 2, minDelta: 0 });
    expect(feed(rule, [[1], [1], [0.5], [0.6], [0.4], [0.4], [0.4]])).toEqual([null, null, null, null, null, null, 'early-stopping']);
  });

  it('only tracks the best loss when not configured', () => {
    const rule = new EarlyStopping(undefined);
    expect(feed(rule, [[3, 2], [2, 2.5], [1, 1.5], [1, 1.7]])).toEqual([null, null, null, null]);
    expect(rule.best).toEqual({ value: 1.5, wait: 0 });
  });

  it('continues from the best loss a checkpoint kept', () => {
    const rule = new EarlyStopping({ patience: 2, minDelta: 0 }, { value: 0.5, wait: 1 });
    expect(feed(rule, [[0.6]])).toEqual(['early-stopping']);
  });
});
