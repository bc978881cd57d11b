import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../events.js';
import { firstStop } from './callback.js';
import { stopRules } from './stop-rules.js';

const epoch = (n: number, step: number, loss: number): EpochRecord => ({ epoch: n, step, loss, terms: {}, metrics: {}, elapsedMs: 0, samplesPerSecond: 0 });

describe('stopRules', () => {
  it('names the first rule that fires: divergence, early stopping, convergence, then max steps', () => {
    const rules = () => stopRules({ earlyStopping: { patience: 1, minDelta: 0 }, convergenceEpsilon: 0.1, maxSteps: 20 });
    expect(firstStop(rules().all, epoch(2, 20, Number.NaN), epoch(1, 10, 1))).toBe('diverged');
    // No improvement (patience 1), a change below epsilon and the step limit, all at once.
    const r = rules();
    firstStop(r.all, epoch(1, 10, 1), undefined);
    expect(firstStop(r.all, epoch(2, 20, 1.05), epoch(1, 10, 1))).toBe('early-stopping');
    expect(firstStop(rules().all, epoch(2, 20, 0.95), epoch(1, 10, 1))).toBe('converged');
    expect(firstStop(rules().all, epoch(2, 20, 0.5), epoch(1, 10, 1))).toBe('max-steps');
    expect(firstStop(rules().all, epoch(2, 19, 0.5), epoch(1, 10, 1))).toBeNull();
  });

  it('tracks the best loss without early stopping, and no step limit without maxSteps', () => {
    const r = stopRules({ earlyStopping: undefined, convergenceEpsilon: undefined, maxSteps: undefined });
    firstStop(r.all, epoch(1, 1, 2), undefined);
    firstStop(r.all, epoch(2, 2, 1), undefined);
    expect(r.earlyStopping.best).toEqual({ value: 1, wait: 0 });
    expect(r.maxSteps.reached(1e9)).toBe(false);
  });
});
