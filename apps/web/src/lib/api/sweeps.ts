// The sweeps part of the run service, in one place: what the sweep page calls and reads.
import { aggregateSweep, sweepMetricNames, type SweepTable } from '@aelab/core';
import type { SweepChild, SweepDetail } from '@aelab/server';
import type { ApiClient } from './client.js';

export type { SweepChild, SweepDetail };

/** `sweeps.get` as the client receives it. */
export type SweepData = Awaited<ReturnType<ApiClient['sweeps']['get']['query']>>;

export function getSweep(api: ApiClient, id: string): Promise<SweepData> {
  return api.sweeps.get.query({ id });
}

/** Every metric the sweep's finished runs report that a table could show (timing and loss terms left out). */
export function sweepMetricChoices(sweep: SweepData): string[] {
  const names = sweep.children.filter((c) => c.run.status === 'succeeded').flatMap((c) => Object.keys(c.run.metrics));
  const all = new Set(names);
  // The default columns first, then the rest (e.g. the last epoch's rmse) alphabetically.
  const first = sweepMetricNames(names);
  const rest = [...all].filter((n) => !first.includes(n) && !n.includes('.') && n !== 'samplesPerSecond' && n !== 'epochMs').sort();
  return [...first, ...rest];
}

/** The sweep's table over the metrics a person picked, from its runs as they stand (@aelab/core's aggregation). */
export function sweepTable(sweep: SweepData, metrics?: readonly string[]): SweepTable {
  return aggregateSweep(
    sweep.points,
    sweep.children.map((c) => ({ point: c.point, seed: c.seed, status: c.run.status, metrics: c.run.metrics, id: c.run.id })),
    metrics ? { metrics } : {},
  );
}
