import type { ReportTable } from '../experiments/experiment.js';
import type { RunStatus } from '../runs/status.js';
import type { SweepPoint } from './expand.js';
import type { SweepValue } from './spec.js';

/** One run of a sweep as the table sees it: which point, which seed, how it ended, its final numbers. */
export interface SweepRunResult {
  point: number;
  seed: number;
  status: RunStatus;
  metrics: Record<string, number>;
  /** The run's id (server) or key (a local sweep's folder name): what a table links to. */
  id: string;
}

export interface MeanStd {
  mean: number;
  /** The sample standard deviation (n - 1); null with fewer than two runs. */
  std: number | null;
  n: number;
}

export interface SweepRow {
  point: number;
  key: string;
  values: Record<string, SweepValue>;
  /** Runs of this point by status. */
  counts: Partial<Record<RunStatus, number>>;
  /** Over the point's succeeded runs. */
  metrics: Record<string, MeanStd>;
  runs: { id: string; seed: number; status: RunStatus }[];
}

/** The varying fields against the final metrics, one row per point (mean ± std over its seeds). */
export interface SweepTable {
  fields: string[];
  metrics: string[];
  rows: SweepRow[];
}

const HELD_OUT_ORDER = ['Loss', 'Rmse', 'Accuracy', 'Sparseness', 'Mse'];

/** Throughput and timing are facts about the machine, not about the point. */
const NOT_RESULTS = new Set(['samplesPerSecond', 'epochMs']);

/**
 * The metrics a sweep table shows by default: the held-out results (`test...`, or `train...` without a test
 * split) first, then the last epoch's loss and validation loss. Loss terms (`terms.x`) are left out.
 */
export function sweepMetricNames(names: Iterable<string>): string[] {
  const all = [...new Set(names)].filter((n) => !n.includes('.') && !NOT_RESULTS.has(n));
  // The loss the run optimised, its usual readings, then anything else it measured (mse repeats rmse squared).
  const rank = (n: string): number => {
    const i = HELD_OUT_ORDER.indexOf(n.replace(/^(test|train)/, ''));
    return i < 0 ? HELD_OUT_ORDER.length : i;
  };
  // MSE is RMSE squared: only worth a column when there is no RMSE.
  const held = all.filter((n) => /^(test|train)[A-Z]/.test(n) && !(n.endsWith('Mse') && all.includes(n.replace(/Mse$/, 'Rmse')))).sort((a, b) => rank(a) - rank(b));
  return [...held, ...['loss', 'valLoss'].filter((n) => all.includes(n))];
}

export function meanStd(values: readonly number[]): MeanStd | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, std: null, n };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { mean, std: Math.sqrt(variance), n };
}

/**
 * The sweep's results table from its points and whatever runs have finished: every point has a row (pending ones
 * without metrics), and only succeeded runs count towards a mean. `metrics` picks the columns (default: see
 * sweepMetricNames over the succeeded runs' metrics).
 */
export function aggregateSweep(points: readonly SweepPoint[], runs: readonly SweepRunResult[], options: { metrics?: readonly string[] } = {}): SweepTable {
  const fields = points.length > 0 ? Object.keys(points[0]!.values) : [];
  const succeeded = runs.filter((r) => r.status === 'succeeded');
  const metrics = options.metrics ? [...options.metrics] : sweepMetricNames(succeeded.flatMap((r) => Object.keys(r.metrics)));
  const byPoint = new Map<number, SweepRunResult[]>();
  for (const r of runs) byPoint.set(r.point, [...(byPoint.get(r.point) ?? []), r]);
  const rows = points.map((p): SweepRow => {
    const mine = (byPoint.get(p.index) ?? []).slice().sort((a, b) => a.seed - b.seed);
    const counts: Partial<Record<RunStatus, number>> = {};
    for (const r of mine) counts[r.status] = (counts[r.status] ?? 0) + 1;
    const done = mine.filter((r) => r.status === 'succeeded');
    const stats: Record<string, MeanStd> = {};
    for (const m of metrics) {
      const s = meanStd(done.map((r) => r.metrics[m]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
      if (s) stats[m] = s;
    }
    return { point: p.index, key: p.key, values: p.values, counts, metrics: stats, runs: mine.map((r) => ({ id: r.id, seed: r.seed, status: r.status })) };
  });
  return { fields, metrics, rows };
}

/** A number for a table: four significant digits, or three in exponent form for the very small and very large. */
export function formatSweepNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return Number(v.toPrecision(3)).toExponential();
  return Number(v.toPrecision(4)).toString();
}

/** `0.1234 ± 0.0056`, `0.1234` for one run, `–` for none. */
export function formatMeanStd(m: MeanStd | undefined): string {
  if (!m) return '–';
  return m.std === null ? formatSweepNumber(m.mean) : `${formatSweepNumber(m.mean)} ± ${formatSweepNumber(m.std)}`;
}

/** The table as text cells (the CLI's table, report.md): fields, metrics, then how many runs finished. */
export function sweepReportTable(table: SweepTable, title = 'Sweep results (mean ± std over seeds)'): ReportTable {
  const columns = [...table.fields, ...table.metrics, 'runs'];
  const rows = table.rows.map((r) => {
    const ok = r.counts.succeeded ?? 0;
    const total = r.runs.length;
    const other = Object.entries(r.counts)
      .filter(([s]) => s !== 'succeeded')
      .map(([s, n]) => `${n} ${s}`);
    return [
      ...table.fields.map((f) => String(r.values[f])),
      ...table.metrics.map((m) => formatMeanStd(r.metrics[m])),
      `${ok}/${total}${other.length > 0 ? ` (${other.join(', ')})` : ''}`,
    ];
  });
  return { id: 'sweep', title, columns, rows };
}
