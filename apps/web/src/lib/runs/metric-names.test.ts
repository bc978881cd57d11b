import { describe, expect, it } from 'vitest';
import { metricLabel } from './metric-names.js';

describe('metricLabel', () => {
  it('names result, epoch and loss-term metrics in words', () => {
    expect(metricLabel('testRmse')).toBe('test RMSE');
    expect(metricLabel('testSparseness')).toBe('test sparseness (share of quiet code units)');
    expect(metricLabel('trainAccuracy')).toBe('training accuracy');
    expect(metricLabel('valLoss')).toBe('validation loss');
    expect(metricLabel('rmse')).toBe('RMSE');
    expect(metricLabel('samplesPerSecond')).toBe('samples per second');
    expect(metricLabel('terms.l2Weights')).toBe('loss term: l2 weights');
    expect(metricLabel('valTerms.reconstruction')).toBe('validation loss term: reconstruction');
    expect(metricLabel('someNewThing')).toBe('some new thing');
  });
});
