import { epochMetrics } from '@aelab/core';
import type { MetricPoint, RunEvent } from '@aelab/server';

/** A live `epoch` event as a history point, under the names `runs.get` uses for its history. */
export function pointFromEvent(ev: RunEvent): MetricPoint | null {
  if (ev.type !== 'train' || ev.event.type !== 'epoch') return null;
  const e = ev.event;
  return { seq: ev.seq, time: ev.time, epoch: e.epoch, step: e.step, ...(e.stage ? { stage: e.stage } : {}), metrics: epochMetrics(e) };
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const pointKey = (p: MetricPoint): string => `${p.stage ?? ''}\u0000${p.epoch}`;

/**
 * The stored history and live points as one curve: a point seen twice (the history and the subscription's replay
 * overlap) counts once, and when an epoch was trained twice (a run resumed from an earlier checkpoint) the later
 * one wins. Stages (greedy stacks) keep the order they started in; epochs are ordered within each.
 */
export function mergePoints(...lists: MetricPoint[][]): MetricPoint[] {
  const byKey = new Map<string, MetricPoint>();
  const stageStart = new Map<string, number>();
  for (const list of lists) {
    for (const p of list) {
      const stage = p.stage ?? '';
      stageStart.set(stage, Math.min(stageStart.get(stage) ?? Infinity, p.seq));
      const key = pointKey(p);
      const seen = byKey.get(key);
      if (!seen || seen.seq < p.seq) byKey.set(key, p);
    }
  }
  const stageOrder = (p: MetricPoint): number => stageStart.get(p.stage ?? '') ?? 0;
  return [...byKey.values()].sort((a, b) => stageOrder(a) - stageOrder(b) || a.epoch - b.epoch);
}

export interface CurvePoint {
  x: number;
  y: number;
}

export interface StageMark {
  /** Where the stage's first epoch sits on the x axis. */
  x: number;
  label: string;
}

/**
 * One metric as x/y pairs. x is the epoch, counted on across stages (a stack's second level starts after the
 * first level's last epoch), so every stage of a greedy stack sits side by side on one axis.
 */
export function curveOf(points: MetricPoint[], metric: string): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (const { x, point } of positioned(points)) {
    const y = point.metrics[metric];
    if (y !== undefined && Number.isFinite(y)) out.push({ x, y });
  }
  return out;
}

/**
 * One metric against training time: x is the seconds of training up to the end of each epoch (the epochs' `epochMs`
 * added up across stages), so runs on different machines or backends compare by cost rather than by epochs. Empty
 * when a point lacks its epoch time (histories from before it was recorded).
 */
export function timeCurveOf(points: MetricPoint[], metric: string): CurvePoint[] {
  const out: CurvePoint[] = [];
  let ms = 0;
  for (const { point } of positioned(points)) {
    const epochMs = point.metrics.epochMs;
    if (epochMs === undefined || !Number.isFinite(epochMs)) return [];
    ms += epochMs;
    const y = point.metrics[metric];
    if (y !== undefined && Number.isFinite(y)) out.push({ x: ms / 1000, y });
  }
  return out;
}

/** Where each stage begins on the x axis of `curveOf` (empty for single-stage runs). */
export function stageMarks(points: MetricPoint[]): StageMark[] {
  const marks: StageMark[] = [];
  let current: string | undefined;
  for (const { x, point } of positioned(points)) {
    if (point.stage !== current && point.stage !== undefined) marks.push({ x, label: point.stage });
    current = point.stage;
  }
  return marks;
}

function positioned(points: MetricPoint[]): { x: number; point: MetricPoint }[] {
  let offset = 0;
  let stage: string | undefined;
  let stageMax = 0;
  return points.map((point) => {
    if (point.stage !== stage) {
      offset += stageMax;
      stageMax = 0;
      stage = point.stage;
    }
    stageMax = Math.max(stageMax, point.epoch);
    return { x: offset + point.epoch, point };
  });
}

/** Curves worth choosing between first: the reconstruction error, then the loss, then the rest by name. */
const PREFERRED = ['rmse', 'loss', 'accuracy', 'mse', 'bce'];
const HIDDEN = new Set(['samplesPerSecond', 'epochMs']);

/** The training metrics a history has (validation twins are drawn with them, not listed). */
export function metricNames(points: MetricPoint[]): string[] {
  const names = new Set<string>();
  for (const p of points) for (const k of Object.keys(p.metrics)) names.add(k);
  const train = [...names].filter((n) => !HIDDEN.has(n) && !/^val[A-Z]/.test(n) && !n.startsWith('valTerms.'));
  const rank = (n: string): number => {
    const i = PREFERRED.indexOf(n);
    return i === -1 ? PREFERRED.length + (n.startsWith('terms.') ? 1 : 0) : i;
  };
  return train.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** `rmse` -> `valRmse`, `loss` -> `valLoss`, `terms.l2` -> `valTerms.l2`. */
export function validationTwin(metric: string): string {
  return metric.startsWith('terms.') ? `valTerms.${metric.slice('terms.'.length)}` : `val${cap(metric)}`;
}

/** What to draw first: RMSE when the run reports it, else the loss, else whatever there is. */
export function defaultMetric(names: string[]): string {
  return names.includes('rmse') ? 'rmse' : names.includes('loss') ? 'loss' : (names[0] ?? 'loss');
}
