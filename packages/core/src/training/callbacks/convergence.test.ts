import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../events.js';
import { Convergence } from './convergence.js';
import { Divergence } from './divergence.js';

const epoch = (n: number, loss: number): EpochRecord => ({ epoch: n, step: n, loss, terms: {}, metrics: {}, elapsedMs: 0, samplesPerSecond: 0 });

describe('Convergence', () => {
  it('stops when the epoch loss moves by less than epsilon, in either direction', () => {
    const rule = new Convergence(0.01);
    expect(rule.afterEpoch({ record: epoch(1, 0.5), previous: undefined, stopping: null })).toBeNull();
    expect(rule.afterEpoch({ record: epoch(2, 0.48), previous: epoch(1, 0.5), stopping: null })).toBeNull();
    expect(rule.afterEpoch({ record: epoch(3, 0.485), previous: epoch(2, 0.48), stopping: null })).toBe('converged');
    expect(rule.afterEpoch({ record: epoch(3, 0.475), previous: epoch(2, 0.48), stopping: null })).toBe('converged');
  });

  it('never stops without an epsilon', () => {
    expect(new Convergence(undefined).afterEpoch({ record: epoch(2, 0.5), previous: epoch(1, 0.5), stopping: null })).toBeNull();
  });
});

describe('Divergence', () => {
  it('stops on a loss that is not finite', () => {
    const rule = new Divergence();
    expect(rule.afterEpoch({ record: epoch(1, 1e30), previous: undefined, stopping: null })).toBeNull();
    expect(rule.afterEpoch({ record: epoch(1, Number.NaN), previous: undefined, stopping: null })).toBe('diverged');
    expect(rule.afterEpoch({ record: epoch(1, Number.POSITIVE_INFINITY), previous: undefined, stopping: null })).toBe('diverged');
  });
});
