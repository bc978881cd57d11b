import { describe, expect, it } from 'vitest';
import { epochPoint, resultMetrics } from './metrics.js';

describe('metrics', () => {
  const ev = {
    type: 'epoch',
    stage: 'level 1',
    epoch: 4,
    step: 40,
    elapsedMs: 100,
    loss: 0.5,
    terms: { reconstruction: 0.4, l2Weights: 0.1 },
    metrics: { rmse: 0.6 },
    valLoss: 0.7,
    valTerms: { reconstruction: 0.7 },
    valMetrics: { rmse: 0.8 },
    samplesPerSecond: 1000,
    epochMs: 12,
  } as const;

  it('turns an epoch event into a history point under the stable names', () => {
    expect(epochPoint(9, 't', ev)).toMatchObject({ seq: 9, epoch: 4, step: 40, stage: 'level 1', metrics: { loss: 0.5, valRmse: 0.8, 'terms.l2Weights': 0.1 } });
    expect(epochPoint(9, 't', { type: 'checkpoint', epoch: 1, step: 1, elapsedMs: 0 })).toBeUndefined();
  });

  it('names the final results by their split', () => {
    expect(resultMetrics({ epochs: 3, results: { split: 'test', count: 10, loss: 0.1, rmse: 0.2, accuracy: Number.NaN } })).toEqual({ testLoss: 0.1, testRmse: 0.2 });
    expect(resultMetrics({ results: { split: 'train', count: 10, mse: 0.04 } })).toEqual({ trainMse: 0.04 });
    expect(resultMetrics({ results: { split: 'test', count: 10, rmse: 0.2, sparseness: { threshold: 0.05, value: 0.3 }, confusionMatrix: [[1]] } })).toEqual({
      testRmse: 0.2,
      testSparseness: 0.3,
    });
    expect(resultMetrics({ results: null })).toEqual({});
    expect(resultMetrics(null)).toEqual({});
  });
});
