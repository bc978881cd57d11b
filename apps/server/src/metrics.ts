import type { MetricPoint } from './api.js';
import type { TrainEvent } from './train-event.js';

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function put(out: Record<string, number>, key: string, v: unknown): void {
  if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
}

/**
 * An epoch event's numbers under flat names: `loss`, `valLoss`, each metric (`rmse`), each validation metric
 * (`valRmse`), loss terms (`terms.reconstruction`, `valTerms.l2Weights`), `samplesPerSecond` and `epochMs`.
 */
export function epochMetrics(event: Extract<TrainEvent, { type: 'epoch' }>): Record<string, number> {
  const out: Record<string, number> = {};
  put(out, 'loss', event.loss);
  put(out, 'valLoss', event.valLoss);
  for (const [k, v] of Object.entries(event.metrics ?? {})) put(out, k, v);
  for (const [k, v] of Object.entries(event.valMetrics ?? {})) put(out, `val${cap(k)}`, v);
  for (const [k, v] of Object.entries(event.terms ?? {})) put(out, `terms.${k}`, v);
  for (const [k, v] of Object.entries(event.valTerms ?? {})) put(out, `valTerms.${k}`, v);
  put(out, 'samplesPerSecond', event.samplesPerSecond);
  put(out, 'epochMs', event.epochMs);
  return out;
}

export function epochPoint(seq: number, time: string, event: TrainEvent): MetricPoint | undefined {
  if (event.type !== 'epoch') return undefined;
  return { seq, time, epoch: event.epoch, step: event.step, ...(event.stage ? { stage: event.stage } : {}), metrics: epochMetrics(event) };
}

/**
 * The final numbers of what `runTraining` returned: its `results` on the held-out split as `testLoss`,
 * `testRmse`, `testAccuracy`... (`train...` when the data had no test split).
 */
export function resultMetrics(result: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  const results = (result as { results?: unknown } | null | undefined)?.results;
  if (!results || typeof results !== 'object') return out;
  const prefix = (results as { split?: unknown }).split === 'train' ? 'train' : 'test';
  for (const [k, v] of Object.entries(results)) if (k !== 'count') put(out, `${prefix}${cap(k)}`, v);
  return out;
}
