/** Our figure as a mean over `n` runs with its sample standard deviation, against someone else's single figure. */
export interface ComparisonInput {
  mean: number;
  /** Sample standard deviation over the runs; null or absent when it is not known. */
  std?: number | null;
  /** Runs behind the mean (seeds). */
  n: number;
  reference: number;
  /** How the sentence names the reference: "the paper", "the report", "the document". */
  referenceName: string;
  /** Decimals the difference is written with; a difference that rounds to zero there is "equal" (default 2). */
  digits?: number;
}

export interface Comparison {
  direction: 'above' | 'equal' | 'below';
  /** mean − reference. */
  difference: number;
  /** std / sqrt(n); null with one run or no std, when there is nothing to judge the difference by. */
  standardError: number | null;
  /** |difference| ≤ one standard error; null when there is no standard error. */
  withinOneStandardError: boolean | null;
  /** e.g. "0.30 below the paper, within one standard error (0.35)". */
  text: string;
}

/**
 * Where a mean ± std over n runs lands against a reference figure, in words. Every report's headline states its
 * comparisons through this one function, so "below" is never written "at or above" and the standard error (the
 * spread of the mean, std / sqrt(n), not the spread of one run) is the yardstick everywhere.
 */
export function compareWithReference(input: ComparisonInput): Comparison {
  const digits = input.digits ?? 2;
  const difference = input.mean - input.reference;
  const shown = Math.abs(difference).toFixed(digits);
  const equal = Number(shown) === 0;
  const direction = equal ? 'equal' : difference > 0 ? 'above' : 'below';
  const std = input.std ?? null;
  const standardError = input.n > 1 && std !== null && Number.isFinite(std) ? std / Math.sqrt(input.n) : null;
  // A relative tolerance so that a difference equal to the standard error up to rounding counts as within it.
  const withinOneStandardError = standardError === null ? null : Math.abs(difference) <= standardError * (1 + 1e-9) + 1e-12;
  const name = input.referenceName;
  const head = direction === 'equal' ? `equal to ${name} at ${digits} decimals` : `${shown} ${direction} ${name}`;
  const se = standardError === null ? '' : standardError.toFixed(digits);
  let judged: string;
  if (standardError === null) judged = input.n <= 1 ? ' (one run: no standard error)' : ' (no spread known: no standard error)';
  else if (withinOneStandardError) judged = `, within one standard error (${se})`;
  else judged = `, more than one standard error (${se}) away`;
  return { direction, difference, standardError, withinOneStandardError, text: `${head}${judged}` };
}
