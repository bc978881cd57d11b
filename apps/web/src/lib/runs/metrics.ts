/** Numbers a run list shows first: the held-out result when there is one, then the latest epoch's. */
const KEY_ORDER = ['testRmse', 'testAccuracy', 'testSparseness', 'trainRmse', 'rmse', 'valRmse', 'accuracy', 'valAccuracy', 'loss', 'valLoss', 'testLoss'];

export interface NamedValue {
  name: string;
  value: number;
}

export function keyMetrics(metrics: Record<string, number>, limit = 3): NamedValue[] {
  const out: NamedValue[] = [];
  for (const name of KEY_ORDER) {
    const value = metrics[name];
    if (value !== undefined && Number.isFinite(value)) out.push({ name, value });
    if (out.length >= limit) break;
  }
  return out;
}

/** Four significant digits; exponent notation for very small or very large numbers. */
export function formatMetric(v: number | undefined | null): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(4)));
}

/** Accuracy-like numbers and throughput are better high; losses, errors and times are better low. */
export function higherIsBetter(name: string): boolean {
  return /accuracy|samplesPerSecond|sparseness/i.test(name);
}

export interface MetricRow {
  name: string;
  values: (number | undefined)[];
  /** Index of the best value (ties: the first), or null when fewer than two runs have one. */
  best: number | null;
}

const rowOrder = (name: string): number => {
  const i = KEY_ORDER.indexOf(name);
  if (i !== -1) return i;
  if (name.startsWith('test')) return KEY_ORDER.length;
  if (name.startsWith('terms.') || name.startsWith('valTerms.')) return KEY_ORDER.length + 2;
  if (name === 'samplesPerSecond' || name === 'epochMs') return KEY_ORDER.length + 3;
  return KEY_ORDER.length + 1;
};

/** Final metrics of several runs side by side: one row per metric any of them has, the best one marked. */
export function compareMetrics(runs: Record<string, number>[]): MetricRow[] {
  const names = [...new Set(runs.flatMap((m) => Object.keys(m)))];
  names.sort((a, b) => rowOrder(a) - rowOrder(b) || a.localeCompare(b));
  return names.map((name) => {
    const values = runs.map((m) => (m[name] !== undefined && Number.isFinite(m[name]) ? m[name] : undefined));
    let best: number | null = null;
    const present = values.filter((v) => v !== undefined).length;
    if (present >= 2) {
      const up = higherIsBetter(name);
      let top: number | undefined;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v === undefined) continue;
        if (top === undefined || (up ? v > top : v < top)) {
          top = v;
          best = i;
        }
      }
    }
    return { name, values, best };
  });
}
