import { epochMetrics, resultMetrics } from '@aelab/core';
import type { MetricPoint } from './api.js';
import type { TrainEvent } from './train-event.js';

function put(out: Record<string, number>, key: string, v: unknown): void {
  if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
}

export function epochPoint(seq: number, time: string, event: TrainEvent): MetricPoint | undefined {
  if (event.type !== 'epoch') return undefined;
  return { seq, time, epoch: event.epoch, step: event.step, ...(event.stage ? { stage: event.stage } : {}), metrics: epochMetrics(event) };
}

// The final numbers of a training run's result: one naming for the server and a local sweep's table.
export { resultMetrics };

/**
 * The numbers of an experiment job's result, whatever the experiment: its own top-level numbers, and the mean of
 * each numeric field over its `rows` (e.g. `testAccuracy` over a row's seeds). Seeds and counts are no metrics.
 */
export function jobMetrics(result: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!result || typeof result !== 'object') return out;
  for (const [k, v] of Object.entries(result)) put(out, k, v);
  const rows = (result as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) return out;
  const sums = new Map<string, { sum: number; n: number }>();
  for (const row of rows) {
    if (!row || typeof row !== 'object') continue;
    for (const [k, v] of Object.entries(row as Record<string, unknown>)) {
      if (k === 'seed' || typeof v !== 'number' || !Number.isFinite(v)) continue;
      const s = sums.get(k) ?? { sum: 0, n: 0 };
      s.sum += v;
      s.n += 1;
      sums.set(k, s);
    }
  }
  for (const [k, { sum, n }] of sums) out[k] = sum / n;
  return out;
}
