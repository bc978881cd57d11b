import { describe, expect, it } from 'vitest';
import { epochMetrics } from './epoch-metrics.js';

describe('epochMetrics', () => {
  it('flattens an epoch event under stable names, leaving out what is not finite', () => {
    const event = {
      loss: 0.5,
      terms: { reconstruction: 0.4, l2Weights: 0.1 },
      metrics: { rmse: 0.6, accuracy: Number.NaN },
      valLoss: 0.7,
      valTerms: { reconstruction: 0.7 },
      valMetrics: { rmse: 0.8 },
      samplesPerSecond: 1000,
      epochMs: 12,
    };
    expect(epochMetrics(event)).toEqual({
      loss: 0.5,
      valLoss: 0.7,
      rmse: 0.6,
      valRmse: 0.8,
      'terms.reconstruction': 0.4,
      'terms.l2Weights': 0.1,
      'valTerms.reconstruction': 0.7,
      samplesPerSecond: 1000,
      epochMs: 12,
    });
    expect(epochMetrics({ loss: 1, terms: {}, metrics: {}, samplesPerSecond: 5, epochMs: 2 })).toEqual({ loss: 1, samplesPerSecond: 5, epochMs: 2 });
  });
});
