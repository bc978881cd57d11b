import { niceTicks } from '../viz/canvas.js';
import type { CurvePoint } from './curves.js';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Scales {
  x: (v: number) => number;
  y: (v: number) => number;
  xTicks: number[];
  yTicks: number[];
  /** Data ranges after padding (y in log10 units on a log scale). */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Ticks at 1, 2, 5 × powers of ten inside a log10 range; denser when the range is narrow. Values, not logs. */
export function logTicks(l0: number, l1: number): number[] {
  const out: number[] = [];
  const mults = l1 - l0 > 2.5 ? [1] : l1 - l0 > 1 ? [1, 2, 5] : [1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9];
  for (let p = Math.floor(l0); p <= Math.ceil(l1); p++) {
    for (const k of mults) {
      const v = k * 10 ** p;
      const lv = Math.log10(v);
      if (lv >= l0 - 1e-12 && lv <= l1 + 1e-12) out.push(Number(v.toPrecision(12)));
    }
  }
  if (out.length >= 2) return out;
  // A narrow range holds at most one 1-9 × 10^k value: round values inside it, spaced evenly, read better.
  return niceTicks(10 ** l0, 10 ** l1, 4).filter((v) => v > 0);
}

/** Points a log axis can show. */
export function drawable(points: CurvePoint[], logScale: boolean): CurvePoint[] {
  return points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!logScale || p.y > 0));
}

/**
 * Scales for curves in `box`: x over the epochs of every series (at least one epoch wide), y over their values
 * with a little room, log10 when asked (RMSE falls over orders of magnitude). Null when nothing is drawable.
 */
export function chartScales(series: CurvePoint[][], box: Box, logScale: boolean): Scales | null {
  let x0 = Infinity;
  let x1 = -Infinity;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const p of drawable(s, logScale)) {
      x0 = Math.min(x0, p.x);
      x1 = Math.max(x1, p.x);
      lo = Math.min(lo, p.y);
      hi = Math.max(hi, p.y);
    }
  }
  if (!Number.isFinite(x0)) return null;
  if (x1 - x0 < 1) x1 = x0 + 1;
  const f = logScale ? Math.log10 : (v: number) => v;
  let y0 = f(lo);
  let y1 = f(hi);
  if (y1 - y0 < 1e-12) {
    const pad = logScale ? 0.5 : Math.max(Math.abs(y0) * 0.1, 0.5);
    y0 -= pad;
    y1 += pad;
  } else {
    const pad = (y1 - y0) * 0.06;
    y0 -= pad;
    y1 += pad;
  }
  const x = (v: number): number => box.left + ((v - x0) / (x1 - x0)) * box.width;
  const y = (v: number): number => box.top + box.height - ((f(v) - y0) / (y1 - y0)) * box.height;
  const xTicks = niceTicks(x0, x1, Math.max(2, Math.floor(box.width / 80))).filter((t) => Number.isInteger(t) && t >= x0 && t <= x1);
  const yTicks = logScale ? logTicks(y0, y1) : niceTicks(y0, y1, Math.max(2, Math.floor(box.height / 45)));
  return { x, y, xTicks, yTicks, x0, x1, y0, y1 };
}

/**
 * An SVG path through the points, thinned to about two per pixel column (the last point always kept), with a
 * gap wherever a value cannot be drawn.
 */
export function linePath(points: CurvePoint[], scales: Scales, logScale: boolean, pixels: number): string {
  const stride = Math.max(1, Math.floor(points.length / Math.max(1, pixels * 2)));
  let d = '';
  let pen = false;
  for (let i = 0; i < points.length; i++) {
    if (i % stride !== 0 && i !== points.length - 1) continue;
    const p = points[i]!;
    if (!Number.isFinite(p.y) || (logScale && p.y <= 0)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${scales.x(p.x).toFixed(1)},${scales.y(p.y).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** The point of a series nearest to x (for the hover read-out). */
export function nearest(points: CurvePoint[], x: number): CurvePoint | null {
  let best: CurvePoint | null = null;
  for (const p of points) if (!best || Math.abs(p.x - x) < Math.abs(best.x - x)) best = p;
  return best;
}
