import { describe, expect, it } from 'vitest';
import type { EpochRecord, StopReason, TrainEvent } from '../events.js';
import { TrainState, type TrainCheckpoint } from '../state.js';
import { Checkpoints } from './checkpoints.js';

const record = (epoch: number): EpochRecord => ({ epoch, step: epoch * 3, loss: 1, terms: {}, metrics: {}, elapsedMs: 0, samplesPerSecond: 0 });

function setup(every: number, epochs: number, withReceiver = true) {
  const state = new TrainState(1, 2);
  const saved: TrainCheckpoint[] = [];
  const events: TrainEvent[] = [];
  const checkpoints = new Checkpoints({
    onCheckpoint: withReceiver ? (cp) => void saved.push(cp) : undefined,
    every,
    epochs,
    emit: async (e) => void events.push(e),
    capture: async () => state.checkpoint({ weights: [], optimizer: [], best: null, elapsedMs: 5 }, 'level 1'),
  });
  const after = async (epoch: number, stopping: StopReason | null = null): Promise<void> => {
    state.epoch = epoch;
    state.step = epoch * 3;
    await checkpoints.afterEpoch({ record: record(epoch), previous: undefined, stopping });
  };
  return { checkpoints, saved, events, after };
}

describe('Checkpoints', () => {
  it('saves every `every` epochs but not after the last one (the run saves its final checkpoint itself)', async () => {
    const { saved, events, after } = setup(2, 6);
    for (let e = 1; e <= 6; e++) await after(e);
    expect(saved.map((cp) => cp.epoch)).toEqual([2, 4]);
    expect(saved[0]).toMatchObject({ version: 1, stage: 'level 1', step: 6, elapsedMs: 5 });
    expect(events).toEqual([
      { type: 'checkpoint', epoch: 2, step: 6, elapsedMs: 5 },
      { type: 'checkpoint', epoch: 4, step: 12, elapsedMs: 5 },
    ]);
  });

  it('skips the periodic checkpoint of an epoch that ends the run', async () => {
    const { saved, after } = setup(1, 10);
    await after(1);
    await after(2, 'converged');
    expect(saved.map((cp) => cp.epoch)).toEqual([1]);
  });

  it('captures nothing and reports nothing without a receiver', async () => {
    const { checkpoints, events } = setup(1, 10, false);
    await checkpoints.save();
    expect(events).toEqual([]);
  });
});
