import { mean, standardError } from './stats.js';
import type { TableDataset } from './types.js';

/**
 * One score of the ablation: a candidate recipe (or the final DDAE+ recipe) on one seed. Candidates are scored on
 * validation data only; the final recipe on validation data in holdout mode and on the test split otherwise.
 */
export interface AblationRecord {
  dataset: TableDataset;
  candidate: string;
  description: string;
  seed: number;
  evaluation: 'validation' | 'test';
  accuracy: number;
  /** The mean of the members' KELM validation scores (C and sigma chosen on them). */
  kelmValidationAccuracy: number;
  seconds: number;
}

/** The ablation table of results.json: one line per dataset, candidate and evaluation, over its seeds. */
export interface AblationEntry {
  dataset: TableDataset;
  candidate: string;
  description: string;
  evaluation: 'validation' | 'test';
  seeds: number[];
  accuracies: number[];
  mean: number;
  /** Standard error of the mean over seeds (0 for one seed). */
  stderr: number;
  /** Mean minus the `base` candidate's mean on the same dataset and evaluation (null without a base). */
  gainOverBase: number | null;
  seconds: { mean: number; total: number };
}

export const FINAL_CANDIDATE = 'final (DDAE+)';
export const FINAL_UNLABELLED_CANDIDATE = 'final (DDAE+U, unlabelled pretraining)';

/** Groups the records in the order they first appear; `base` is the candidate every gain is measured from. */
export function summarizeAblation(records: readonly AblationRecord[]): AblationEntry[] {
  const keys: string[] = [];
  const groups = new Map<string, AblationRecord[]>();
  for (const r of records) {
    const key = `${r.dataset}\u0000${r.candidate}\u0000${r.evaluation}`;
    if (!groups.has(key)) {
      keys.push(key);
      groups.set(key, []);
    }
    groups.get(key)!.push(r);
  }
  const entries = keys.map((key): AblationEntry => {
    const group = groups.get(key)!.slice().sort((a, b) => a.seed - b.seed);
    const acc = group.map((r) => r.accuracy);
    return {
      dataset: group[0]!.dataset,
      candidate: group[0]!.candidate,
      description: group[0]!.description,
      evaluation: group[0]!.evaluation,
      seeds: group.map((r) => r.seed),
      accuracies: acc,
      mean: mean(acc),
      stderr: standardError(acc),
      gainOverBase: null,
      seconds: { mean: mean(group.map((r) => r.seconds)), total: group.reduce((s, r) => s + r.seconds, 0) },
    };
  });
  for (const e of entries) {
    const base = entries.find((b) => b.dataset === e.dataset && b.evaluation === e.evaluation && b.candidate === 'base');
    if (base && base !== e) e.gainOverBase = e.mean - base.mean;
  }
  return entries;
}
