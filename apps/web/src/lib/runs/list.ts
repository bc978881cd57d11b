import { isFinalStatus, isResumable } from '@aelab/core';
import type { RunEvent, RunStatus, RunSummary } from '@aelab/server';

/**
 * A `runs.watch` status event applied to the list as shown. Returns null when the event is about a run the list
 * does not hold (a new run, or one on another page): the caller reloads the list then.
 */
export function applyStatusEvent(items: RunSummary[], ev: RunEvent): RunSummary[] | null {
  if (ev.type !== 'status') return items;
  const i = items.findIndex((r) => r.id === ev.runId);
  if (i === -1) return null;
  const run = items[i]!;
  const final = isFinalStatus(ev.status);
  const updated: RunSummary = {
    ...run,
    status: ev.status,
    error: ev.error ?? (ev.status === 'failed' ? run.error : null),
    ...(ev.status === 'running' && !run.startedAt ? { startedAt: ev.time } : {}),
    finishedAt: final ? ev.time : null,
  };
  return items.map((r, j) => (j === i ? updated : r));
}

export interface RunActions {
  cancel: boolean;
  resume: boolean;
  delete: boolean;
}

/** What the server accepts for a run in this state (cancel: queued, running, interrupted; resume: stopped ones). */
export function actionsFor(status: RunStatus): RunActions {
  return {
    cancel: status === 'queued' || status === 'running' || status === 'interrupted',
    resume: isResumable(status),
    delete: true,
  };
}

export function isLive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** `12 / 200 epochs`, `level 2: 3 / 20 epochs`, `3 / 8 runs` (a sweep), or an empty string before the first epoch. */
export function progressText(run: Pick<RunSummary, 'progress' | 'status'> & { kind?: RunSummary['kind'] }): string {
  const p = run.progress;
  if (!p) return '';
  if (run.kind === 'sweep') return `${p.epoch} / ${p.epochs} runs`;
  const stage = p.stage ? `${p.stage}: ` : '';
  return `${stage}${p.epoch} / ${p.epochs} epochs`;
}

/** 0..1 through the current stage, when known. */
export function progressFraction(run: Pick<RunSummary, 'progress' | 'status'>): number | null {
  if (run.status === 'succeeded') return 1;
  const p = run.progress;
  if (!p) return null;
  if (p.fraction !== undefined) return Math.min(1, Math.max(0, p.fraction));
  return p.epochs > 0 ? Math.min(1, p.epoch / p.epochs) : null;
}

/** `2 s`, `3 min 4 s`, `1 h 2 min` between two ISO times (to now when the run has not finished). */
export function durationText(startIso: string | null, endIso: string | null, now = Date.now()): string {
  if (!startIso) return '';
  const ms = (endIso ? Date.parse(endIso) : now) - Date.parse(startIso);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
