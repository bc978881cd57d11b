// Training threads run at a lower priority than the thread that answers the API (Linux, where it is per thread).
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { lowerThreadPriority, threadId, threadNice, trainingNice } from './priority.js';
import { WorkerPool } from './pool.js';
import { spawnTrainingWorker } from './spawn.js';

const linux = process.platform === 'linux';

describe('training priority', () => {
  it('reads AELAB_TRAINING_NICE, 10 by default', () => {
    expect(trainingNice({})).toBe(10);
    expect(trainingNice({ AELAB_TRAINING_NICE: '0' })).toBe(0);
    expect(() => trainingNice({ AELAB_TRAINING_NICE: '25' })).toThrow(/AELAB_TRAINING_NICE must be an integer in 0\.\.19/);
  });

  it.runIf(linux)('leaves the calling thread alone with 0', () => {
    const tid = threadId()!;
    expect(lowerThreadPriority(0)).toBe(threadNice(tid));
  });

  const pool = new WorkerPool(1, { onEvent: () => {}, onExperimentEvent: () => {}, onLog: () => {}, onDone: () => {} }, 1000, () => spawnTrainingWorker(7));
  afterAll(() => pool.close());

  it.runIf(linux)("a pool's training thread runs nicer than the main thread", async () => {
    const main = threadNice(threadId()!)!;
    const before = new Set(readdirSync('/proc/self/task'));
    // The backend probe runs on a thread of the same kind, long enough to look.
    const probe = pool.probe();
    let nicer: number[] = [];
    for (let i = 0; i < 200 && nicer.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      nicer = readdirSync('/proc/self/task')
        .filter((t) => !before.has(t))
        .map((t) => threadNice(Number(t)) ?? main)
        .filter((n) => n === Math.min(19, main + 7));
    }
    await probe;
    expect(nicer.length).toBeGreaterThan(0);
  });
});
