import { CoreError } from '../errors.js';
import { blankImage, type RgbaImage } from './image.js';

/** One line of a chart: points (x[i], y[i]) in order of x, drawn in `color` (RGB bytes). */
export interface ChartSeries {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color: readonly [number, number, number];
  /** Mark each point with a small square (for a few points, e.g. one per epoch). */
  markers?: boolean;
}

export interface LineChartOptions {
  width?: number;
  height?: number;
  /** Axis ranges; by default the data's (y padded by 5%). */
  xRange?: readonly [number, number];
  yRange?: readonly [number, number];
}

/**
 * Tick labels need digits only, so a 3x5 bitmap font of them (and . - k e) is enough and keeps charts free of any
 * font or canvas dependency. Each glyph is 5 rows of 3 bits.
 */
const GLYPHS: Record<string, readonly number[]> = {
  '0': [7, 5, 5, 5, 7],
  '1': [2, 6, 2, 2, 7],
  '2': [7, 1, 7, 4, 7],
  '3': [7, 1, 7, 1, 7],
  '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7],
  '6': [7, 4, 7, 5, 7],
  '7': [7, 1, 1, 2, 2],
  '8': [7, 5, 7, 5, 7],
  '9': [7, 5, 7, 1, 7],
  '.': [0, 0, 0, 0, 2],
  '-': [0, 0, 7, 0, 0],
  k: [4, 5, 6, 5, 5],
  e: [0, 7, 7, 4, 7],
};
const SCALE = 2;
const GLYPH_W = 4 * SCALE;
const GLYPH_H = 5 * SCALE;

function fill(image: RgbaImage, x0: number, y0: number, w: number, h: number, rgb: readonly number[]): void {
  for (let y = Math.max(0, y0); y < Math.min(image.height, y0 + h); y++) {
    for (let x = Math.max(0, x0); x < Math.min(image.width, x0 + w); x++) {
      const at = (y * image.width + x) * 4;
      image.data[at] = rgb[0]!;
      image.data[at + 1] = rgb[1]!;
      image.data[at + 2] = rgb[2]!;
      image.data[at + 3] = 255;
    }
  }
}

function text(image: RgbaImage, s: string, x: number, y: number, rgb: readonly number[]): void {
  [...s].forEach((ch, i) => {
    const rows = GLYPHS[ch];
    if (!rows) return;
    rows.forEach((bits, r) => {
      for (let c = 0; c < 3; c++) if (bits & (4 >> c)) fill(image, x + i * GLYPH_W + c * SCALE, y + r * SCALE, SCALE, SCALE, rgb);
    });
  });
}

/** Bresenham, two pixels thick so thin lines survive downscaling in a report. */
function line(image: RgbaImage, x0: number, y0: number, x1: number, y1: number, rgb: readonly number[]): void {
  let [x, y] = [Math.round(x0), Math.round(y0)];
  const [xe, ye] = [Math.round(x1), Math.round(y1)];
  const dx = Math.abs(xe - x);
  const dy = -Math.abs(ye - y);
  const sx = x < xe ? 1 : -1;
  const sy = y < ye ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    fill(image, x, y, 2, 2, rgb);
    if (x === xe && y === ye) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y += sy;
    }
  }
}

/** About `count` round tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** A tick label in at most ~6 characters: 12k for thousands, else as many decimals as the step needs. */
function label(v: number, step: number): string {
  if (Math.abs(v) >= 10000 && step >= 1000) return `${Number((v / 1000).toPrecision(4))}k`;
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step))));
  return v.toFixed(decimals);
}

function range(values: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const arr of values) {
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i]!;
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (lo === Infinity) return [0, 1];
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/** A line chart as an image: white background, grey grid at round ticks, labelled axes, one line per series. */
export function lineChart(series: readonly ChartSeries[], options: LineChartOptions = {}): RgbaImage {
  const width = options.width ?? 640;
  const height = options.height ?? 360;
  if (series.some((s) => s.x.length !== s.y.length)) throw new CoreError('SHAPE_MISMATCH', 'lineChart: every series needs as many x as y values');
  const [x0, x1] = options.xRange ?? range(series.map((s) => s.x));
  const [yLo, yHi] = range(series.map((s) => s.y));
  const pad = (yHi - yLo) * 0.05;
  const [y0, y1] = options.yRange ?? [yLo - pad, yHi + pad];
  const image = blankImage(width, height, 255);
  const left = 8 * GLYPH_W;
  const bottom = height - 2 * GLYPH_H;
  const top = GLYPH_H;
  const right = width - 3 * GLYPH_W;
  const px = (x: number): number => left + ((x - x0) / (x1 - x0 || 1)) * (right - left);
  const py = (y: number): number => bottom - ((y - y0) / (y1 - y0 || 1)) * (bottom - top);
  const xTicks = niceTicks(x0, x1, 6);
  const yTicks = niceTicks(y0, y1, 5);
  const xStep = (xTicks[1] ?? x1) - (xTicks[0] ?? x0) || 1;
  const yStep = (yTicks[1] ?? y1) - (yTicks[0] ?? y0) || 1;
  for (const t of xTicks) {
    const x = Math.round(px(t));
    fill(image, x, top, 1, bottom - top, [225, 225, 225]);
    const s = label(t, xStep);
    text(image, s, x - (s.length * GLYPH_W) / 2, bottom + GLYPH_H / 2, [60, 60, 60]);
  }
  for (const t of yTicks) {
    const y = Math.round(py(t));
    fill(image, left, y, right - left, 1, [225, 225, 225]);
    const s = label(t, yStep);
    text(image, s, left - (s.length + 1) * GLYPH_W, y - GLYPH_H / 2, [60, 60, 60]);
  }
  fill(image, left, top, 1, bottom - top + 1, [90, 90, 90]);
  fill(image, left, bottom, right - left, 1, [90, 90, 90]);
  for (const s of series) {
    let prev: [number, number] | null = null;
    for (let i = 0; i < s.x.length; i++) {
      const [xv, yv] = [s.x[i]!, s.y[i]!];
      if (!Number.isFinite(xv) || !Number.isFinite(yv) || xv < x0 || xv > x1) {
        prev = null;
        continue;
      }
      const p: [number, number] = [px(xv), Math.min(bottom, Math.max(top, py(yv)))];
      if (prev) line(image, prev[0], prev[1], p[0], p[1], s.color);
      if (s.markers) fill(image, Math.round(p[0]) - 2, Math.round(p[1]) - 2, 5, 5, s.color);
      prev = p;
    }
  }
  return image;
}
