import { niceTicks } from '../../outputs/line-chart.js';
import { escapeHtml } from './html.js';
import { tick } from './line-chart-svg.js';

/** One line of the chart: our mean ± std over n runs, and the reference's figure for the same thing (if any). */
export interface ComparisonChartRow {
  label: string;
  mean: number;
  /** Sample std over the runs; drawn as a bar only with two or more runs. */
  std: number | null;
  n: number;
  reference: number | null;
}

export interface ComparisonChartOptions {
  title: string;
  /** The legend's name for the reference marks: "paper", "report". */
  referenceName: string;
  /** Axis label, e.g. "test accuracy %". */
  axis: string;
  digits?: number;
}

/** Pixels: the chart's width, the label and value columns, a row's height, the title/legend band and the axis band. */
const LAYOUT = { width: 680, labelW: 180, valueW: 150, rowH: 24, top: 50, bottom: 34 } as const;
const OURS = '#1f5fa8';
const THEIRS = '#c0392b';

/**
 * Our figures against a reference's, one row each (a dot plot: easier to see than a table which rows sit where):
 * a blue dot for our mean with a bar of ± one std, a red diamond for the reference, and both numbers at the right.
 * Standalone SVG text, inlined in report.html.
 */
export function comparisonChart(rows: readonly ComparisonChartRow[], opts: ComparisonChartOptions): string {
  const digits = opts.digits ?? 2;
  const { width, labelW, valueW, rowH, top, bottom } = LAYOUT;
  const plotW = width - labelW - valueW;
  const height = top + rows.length * rowH + bottom;
  const spread = (r: ComparisonChartRow) => (r.n > 1 && r.std !== null && Number.isFinite(r.std) ? r.std : 0);
  const values = rows.flatMap((r) => [r.mean - spread(r), r.mean + spread(r), ...(r.reference === null ? [] : [r.reference])]).filter(Number.isFinite);
  let lo = values.length > 0 ? Math.min(...values) : 0;
  let hi = values.length > 0 ? Math.max(...values) : 1;
  const span = hi - lo > 0 ? hi - lo : Math.max(Math.abs(hi) * 0.02, 1e-6);
  lo -= span * 0.08;
  hi += span * 0.08;
  const sx = (v: number) => labelW + ((v - lo) / (hi - lo)) * plotW;
  const f = (v: number) => v.toFixed(1);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeHtml(opts.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="4" y="16" font-size="13">${escapeHtml(opts.title)}</text>`,
    `<circle cx="10" cy="33" r="4" fill="${OURS}"/><text x="18" y="37">ours: mean ± std over runs</text>`,
    `<path d="M190,28 l5,5 l-5,5 l-5,-5 z" fill="${THEIRS}"/><text x="200" y="37">${escapeHtml(opts.referenceName)}</text>`,
  );
  for (const t of niceTicks(lo, hi, 5)) {
    out.push(`<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${top - 6}" y2="${top + rows.length * rowH}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${f(sx(t))}" y="${top + rows.length * rowH + 14}" text-anchor="middle">${tick(t)}</text>`);
  }
  out.push(`<text x="${labelW + plotW / 2}" y="${height - 4}" text-anchor="middle">${escapeHtml(opts.axis)}</text>`);
  rows.forEach((r, i) => {
    const y = top + i * rowH + rowH / 2;
    out.push(`<g class="row"><text x="${labelW - 8}" y="${y + 4}" text-anchor="end">${escapeHtml(r.label)}</text>`);
    out.push(`<line x1="${labelW}" x2="${labelW + plotW}" y1="${y}" y2="${y}" stroke="#f0f0f0"/>`);
    const s = spread(r);
    if (s > 0) {
      const [a, b] = [f(sx(r.mean - s)), f(sx(r.mean + s))];
      out.push(`<path class="spread" d="M${a},${y}H${b}M${a},${y - 4}V${y + 4}M${b},${y - 4}V${y + 4}" stroke="${OURS}" stroke-width="1.5" fill="none"/>`);
    }
    if (r.reference !== null) {
      out.push(`<path class="reference" d="M${f(sx(r.reference))},${y - 5} l5,5 l-5,5 l-5,-5 z" fill="${THEIRS}"/>`);
    }
    out.push(`<circle class="ours" cx="${f(sx(r.mean))}" cy="${y}" r="4" fill="${OURS}"/>`);
    const ours = s > 0 ? `${r.mean.toFixed(digits)} ± ${s.toFixed(digits)}` : r.mean.toFixed(digits);
    const theirs = r.reference === null ? '' : ` | ${r.reference.toFixed(digits)}`;
    out.push(`<text x="${labelW + plotW + 8}" y="${y + 4}">${ours}${theirs}</text></g>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
