// Tiny run configs and subscription helpers shared by the server's integration tests and the load tool.
import type { RunConfigInput } from '@aelab/core';
import type { AelabClient } from '../client.js';
import type { RunEvent } from '../api.js';

/** A 2-d Gaussian-cluster autoencoder that trains in well under a second. */
export function tinyConfig(overrides: { epochs?: number; seed?: number; name?: string; checkpointEvery?: number } = {}): RunConfigInput {
  return {
    ...(overrides.name ? { name: overrides.name } : {}),
    seed: overrides.seed ?? 0,
    backend: 'cpu',
    data: { name: 'gaussian', k: 3, d: 2, pointsPerCluster: 20 },
    model: { type: 'dense', layers: [{ units: 2 }] },
    training: { epochs: overrides.epochs ?? 3, batchSize: 20, validationFraction: 0.2, checkpointEvery: overrides.checkpointEvery ?? 1 },
  };
}

/** The same network with so many epochs that it is still training whenever a test looks. */
export function longConfig(seed = 1): RunConfigInput {
  return tinyConfig({ epochs: 5000, seed });
}

export interface Collected {
  events: RunEvent[];
  ids: string[];
  completed: boolean;
}

/** Subscribes to a run's events until the stream completes (after the run's final status) or `stop` is called. */
export function subscribe(
  client: AelabClient,
  id: string,
  opts: { lastEventId?: string; onEvent?: (ev: RunEvent) => void } = {},
): { done: Promise<Collected>; stop: () => void; collected: Collected } {
  const collected: Collected = { events: [], ids: [], completed: false };
  let unsubscribe = (): void => {};
  const done = new Promise<Collected>((resolve, reject) => {
    const sub = client.runs.events.subscribe(
      { id, ...(opts.lastEventId ? { lastEventId: opts.lastEventId } : {}) },
      {
        onData: (d) => {
          collected.ids.push(d.id);
          collected.events.push(d.data);
          opts.onEvent?.(d.data);
        },
        onError: (err) => reject(err),
        onComplete: () => {
          collected.completed = true;
          resolve(collected);
        },
        onStopped: () => resolve(collected),
      },
    );
    unsubscribe = () => sub.unsubscribe();
  });
  return { done, stop: () => unsubscribe(), collected };
}
