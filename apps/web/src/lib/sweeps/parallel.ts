import type { SweepTable } from '@aelab/core';
import { logTicks } from '../runs/chart.js';
import { niceTicks } from '../viz/canvas.js';
import { metricLabel } from '../runs/metric-names.js';

/** log: positive numbers spanning a factor of 10 or more; category: words, booleans, or a mix. */
export type AxisScale = 'linear' | 'log' | 'category';

export interface AxisTick {
  /** 0 at the bottom of the axis, 1 at the top. */
  pos: number;
  label: string;
}

export interface ParallelAxis {
  key: string;
  label: string;
  kind: 'field' | 'metric';
  scale: AxisScale;
  ticks: AxisTick[];
  /** Where a value sits on the axis (0..1), or null when it cannot be shown (missing, or ≤ 0 on a log axis). */
  position(value: unknown): number | null;
}

export interface ParallelLine {
  point: number;
  key: string;
  /** One position per axis; null where the point has no value (a metric before any seed finished). */
  positions: (number | null)[];
  /** The point's mean of the colouring metric, for the line's colour. */
  shade: number | null;
}

/** Ticks are round numbers: `1e-4`, `0.002`, `250`. */
function tickLabel(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(0) : String(Number(v.toPrecision(3)));
}

/** Whether positive numbers span a decade or more: such an axis reads better on a log scale. */
export function spansDecades(values: readonly number[]): boolean {
  if (values.length < 2 || values.some((v) => !(v > 0))) return false;
  return Math.max(...values) / Math.min(...values) >= 10;
}

/** An axis over `values`: categories for non-numbers, log for numbers spanning decades, else linear. */
export function makeAxis(key: string, label: string, kind: ParallelAxis['kind'], values: readonly unknown[]): ParallelAxis {
  const present = values.filter((v) => v !== undefined && v !== null);
  if (present.length === 0 || present.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    const categories = [...new Set(present.map(String))];
    const pos = (i: number): number => (categories.length === 1 ? 0.5 : i / (categories.length - 1));
    return {
      key,
      label,
      kind,
      scale: 'category',
      ticks: categories.map((c, i) => ({ pos: pos(i), label: c })),
      position: (v) => (v === undefined || v === null ? null : pos(categories.indexOf(String(v)))),
    };
  }
  const nums = present as number[];
  if (spansDecades(nums)) {
    const l0 = Math.log10(Math.min(...nums));
    const l1 = Math.log10(Math.max(...nums));
    const at = (v: number): number => (Math.log10(v) - l0) / (l1 - l0);
    return {
      key,
      label,
      kind,
      scale: 'log',
      ticks: logTicks(l0, l1).map((v) => ({ pos: at(v), label: tickLabel(v) })),
      position: (v) => (typeof v === 'number' && v > 0 ? at(v) : null),
    };
  }
  let lo = Math.min(...nums);
  let hi = Math.max(...nums);
  // One value (or all equal): a little room around it, so it sits mid-axis.
  if (hi === lo) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const at = (v: number): number => (v - lo) / (hi - lo);
  return {
    key,
    label,
    kind,
    scale: 'linear',
    ticks: niceTicks(lo, hi, 4)
      .filter((v) => v >= lo && v <= hi)
      .map((v) => ({ pos: at(v), label: tickLabel(v) })),
    position: (v) => (typeof v === 'number' && Number.isFinite(v) ? at(v) : null),
  };
}

/** An axis name short enough to sit over its axis: the path without its section (`layers.0.units`). */
export function fieldLabel(path: string): string {
  const parts = path.split('.');
  return parts.length > 1 ? parts.slice(1).join('.') : path;
}

/**
 * The parallel-coordinates view of a sweep table: an axis per varying field, then one per metric (the mean over
 * each point's seeds), and a line per point. `shadeBy` names the metric that colours the lines.
 */
export function parallelView(table: SweepTable, metrics: readonly string[], shadeBy: string | null): { axes: ParallelAxis[]; lines: ParallelLine[] } {
  const axes = [
    ...table.fields.map((f) => makeAxis(f, fieldLabel(f), 'field', table.rows.map((r) => r.values[f]))),
    ...metrics.map((m) => makeAxis(m, metricLabel(m).replace(/ \(.*\)$/, ''), 'metric', table.rows.map((r) => r.metrics[m]?.mean))),
  ];
  const shades = table.rows.map((r) => (shadeBy ? (r.metrics[shadeBy]?.mean ?? null) : null));
  const known = shades.filter((s): s is number => s !== null);
  const [lo, hi] = [Math.min(...known), Math.max(...known)];
  const lines = table.rows.map((r, i) => ({
    point: r.point,
    key: r.key,
    positions: axes.map((a) => a.position(a.kind === 'field' ? r.values[a.key] : r.metrics[a.key]?.mean)),
    shade: shades[i] === null ? null : hi > lo ? (shades[i]! - lo) / (hi - lo) : 0.5,
  }));
  return { axes, lines };
}
