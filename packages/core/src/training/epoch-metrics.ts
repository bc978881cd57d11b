import type { EpochEvent } from './events.js';

/** The numbers of an epoch event that a run's history keeps (the event as JSON fits too). */
export type EpochNumbers = Pick<EpochEvent, 'loss' | 'valLoss' | 'metrics' | 'valMetrics' | 'terms' | 'valTerms' | 'samplesPerSecond' | 'epochMs'>;

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function put(out: Record<string, number>, key: string, v: unknown): void {
  if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
}

/**
 * An epoch event's numbers under the flat names a run's history uses: `loss`, `valLoss`, each metric (`rmse`), each
 * validation metric (`valRmse`), loss terms (`terms.reconstruction`, `valTerms.l2Weights`), `samplesPerSecond` and
 * `epochMs`. The server stores them and the web app names live points with them, so both read this one list.
 * Non-finite values are left out.
 */
export function epochMetrics(event: EpochNumbers): Record<string, number> {
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
