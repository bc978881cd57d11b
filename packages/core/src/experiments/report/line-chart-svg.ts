import { escapeHtml } from './html.js';

/** One line of a chart: (x, y) points, solid or dashed. */
export interface SvgSeries {
  label: string;
  points: [number, number][];
  colour: string;
  dashed?: boolean;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

export function colourAt(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** An axis label: three significant digits, exponent form outside 0.01..1000. */
export function tick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 0.01 && a < 1000 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
}

/**
 * A small line chart as standalone SVG (the reports' training curves): linear axes from the data's range, a legend
 * on the right. No dependencies, so the same text goes into a .svg file and inline into report.html.
 */
export function svgLineChart(series: readonly SvgSeries[], opts: { title: string; xLabel: string; yLabel: string; width?: number; height?: number }): string {
  const width = opts.width ?? 520;
  const height = opts.height ?? 300;
  const left = 62;
  const right = 170;
  const top = 28;
  const bottom = 42;
  const pts = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x0 = Math.min(...xs, 1);
  const x1 = Math.max(...xs, x0 + 1);
  let y0 = Math.min(...ys, Number.POSITIVE_INFINITY);
  let y1 = Math.max(...ys, Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(y0)) [y0, y1] = [0, 1];
  if (y1 - y0 < 1e-12) [y0, y1] = [y0 - 0.5 * Math.abs(y0 || 1), y1 + 0.5 * Math.abs(y1 || 1)];
  const pad = 0.05 * (y1 - y0);
  y0 -= pad;
  y1 += pad;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const sx = (x: number) => left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number) => top + (1 - (y - y0) / (y1 - y0)) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  out.push(`<text x="${left}" y="16" font-size="13">${escapeHtml(opts.title)}</text>`);
  out.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  for (let i = 0; i <= 4; i++) {
    const y = y0 + ((y1 - y0) * i) / 4;
    out.push(`<text x="${left - 4}" y="${sy(y) + 4}" text-anchor="end">${tick(y)}</text>`);
    out.push(`<line x1="${left}" x2="${left + plotW}" y1="${sy(y)}" y2="${sy(y)}" stroke="#eee"/>`);
  }
  const xStep = Math.max(1, Math.ceil((x1 - x0) / 8));
  for (let x = Math.ceil(x0); x <= x1; x += xStep) out.push(`<text x="${sx(x)}" y="${top + plotH + 14}" text-anchor="middle">${tick(x)}</text>`);
  out.push(`<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(opts.xLabel)}</text>`);
  out.push(`<text x="14" y="${top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${top + plotH / 2})">${escapeHtml(opts.yLabel)}</text>`);
  series.forEach((s, i) => {
    const finite = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    const path = finite.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
    if (finite.length > 1) out.push(`<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    // A line of one point draws nothing: a one-epoch run still shows where it ended.
    if (finite.length === 1) out.push(`<circle cx="${sx(finite[0]![0]).toFixed(1)}" cy="${sy(finite[0]![1]).toFixed(1)}" r="3" fill="${s.colour}"/>`);
    const ly = top + 8 + i * 14;
    out.push(`<line x1="${left + plotW + 10}" x2="${left + plotW + 30}" y1="${ly}" y2="${ly}" stroke="${s.colour}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    out.push(`<text x="${left + plotW + 34}" y="${ly + 4}">${escapeHtml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
