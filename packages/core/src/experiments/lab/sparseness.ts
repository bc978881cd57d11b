import { sparseness } from '../../metrics/sparseness.js';

/** The thresholds recorded besides the main one, so a reader can see how much the definition matters. */
export const SPARSENESS_THRESHOLDS = [0.01, 0.05, 0.1] as const;

/** How quiet a layer's codes are over a set of digits. */
export interface CodeSparseness {
  /** Fraction of code values (digits x units) with |a| < threshold: the report's "sparseness" as we define it. */
  sparseness: number;
  threshold: number;
  /** Fraction of code values that are exactly 0 (only ReLU units can be). */
  exactZeros: number;
  /** Fraction of units that are below the threshold for every digit (dead or switched-off units). */
  deadUnits: number;
  meanActivation: number;
  /** sparseness at each of SPARSENESS_THRESHOLDS. */
  byThreshold: Record<string, number>;
}

/**
 * Sparseness of codes [rows x units] (row-major). The lab report does not define its "average sparseness"; ours is
 * the fraction of (digit, unit) activations whose magnitude is below `threshold`, which is 1 - the average fraction
 * of units a digit switches on. Exact zeros are counted apart because only ReLU codes can be exactly sparse.
 */
export function codeSparseness(codes: Float32Array, rows: number, units: number, threshold: number): CodeSparseness {
  let zeros = 0;
  let sum = 0;
  const active = new Uint8Array(units);
  for (let i = 0; i < codes.length; i++) {
    const a = codes[i]!;
    if (a === 0) zeros++;
    sum += a;
    if (Math.abs(a) >= threshold) active[i % units] = 1;
  }
  let dead = 0;
  for (let j = 0; j < units; j++) if (!active[j]) dead++;
  const byThreshold: Record<string, number> = {};
  for (const t of SPARSENESS_THRESHOLDS) byThreshold[String(t)] = sparseness(codes, t);
  return {
    sparseness: sparseness(codes, threshold),
    threshold,
    exactZeros: zeros / Math.max(1, rows * units),
    deadUnits: dead / Math.max(1, units),
    meanActivation: sum / Math.max(1, rows * units),
    byThreshold,
  };
}
