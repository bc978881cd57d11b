import type { RunConfig } from '@aelab/core';

/** One run of a local sweep, as a pool thread trains it. */
export interface PoolTask {
  key: string;
  config: RunConfig;
  runDir: string;
  /** Backend threads for this run (the machine's cores shared among the pool's threads). */
  threads?: number;
  /** Continue the run directory from its checkpoint (a resumed sweep's unfinished run). */
  resume?: boolean;
}

/** How a run ended, with the numbers a sweep table needs: the last epoch's and the final result's. */
export interface PoolOutcome {
  status: 'succeeded' | 'failed' | 'interrupted';
  metrics: Record<string, number>;
  seconds: number;
  error?: { code: string; message: string };
}

/** What a running run reports for the progress line. */
export interface PoolProgress {
  epoch: number;
  epochs: number;
  loss: number;
}

export type ToThread = { type: 'start'; task: PoolTask } | { type: 'stop' };

export type FromThread = { type: 'progress'; key: string; progress: PoolProgress } | { type: 'done'; key: string; outcome: PoolOutcome };
