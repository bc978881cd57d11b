/** Arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Sample standard deviation (n - 1 in the denominator), as tables of repeated runs report it; 0 for one value. */
export function sampleStd(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  if (values.length === 1) return 0;
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return Math.sqrt(s / (values.length - 1));
}

/** Standard error of the mean over seeds: std / sqrt(n). */
export function standardError(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return sampleStd(values) / Math.sqrt(values.length);
}

/**
 * Binomial standard error of one accuracy measured on `n` test samples: sqrt(a (1 - a) / n). It is how far a
 * single figure can move by the luck of the test draw (0.44 points at 96% on USPS's 2,007 digits).
 */
export function binomialStandardError(accuracy: number, n: number): number {
  if (n <= 0) return Number.NaN;
  return Math.sqrt((accuracy * (1 - accuracy)) / n);
}

export function max(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return Math.max(...values);
}

/** Median of a copy of the values; NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
