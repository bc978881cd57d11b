import { paperRow, referenceFigure } from './paper.js';
import { max, mean, sampleStd, standardError } from './stats.js';
import { MODEL_NAMES, TABLE_DATASETS, type ModelName, type ResultRow, type TableDataset } from './types.js';

/** One table line: a model on a dataset over its seeds, next to the paper's and the reference's figures. */
export interface SummaryEntry {
  model: ModelName;
  dataset: TableDataset;
  seeds: number[];
  trainAccuracy: { mean: number; std: number; best: number };
  /** `stderr` is the standard error of the mean over seeds (0 for one seed). */
  testAccuracy: { mean: number; std: number; stderr: number; best: number };
  /** The run with the best test accuracy (the paper's "best" line): its seed and both accuracies. */
  best: { seed: number; trainAccuracy: number; testAccuracy: number };
  seconds: { mean: number; total: number };
  paper: { trainAccuracy: number; testAccuracy: number } | null;
  reference: { testAccuracy: number; range?: [number, number] } | null;
  /** Mean test accuracy minus the paper's (fractions; negative = below the paper). */
  gapToPaper: number | null;
  gapToReference: number | null;
}

/** Groups rows by dataset and model (in the paper's order) and computes mean ± std and best over seeds. */
export function summarize(rows: readonly ResultRow[]): SummaryEntry[] {
  const out: SummaryEntry[] = [];
  for (const dataset of TABLE_DATASETS) {
    for (const model of MODEL_NAMES) {
      const group = rows.filter((r) => r.dataset === dataset && r.model === model);
      if (group.length === 0) continue;
      const test = group.map((r) => r.testAccuracy);
      const train = group.map((r) => r.trainAccuracy);
      const bestRow = group.reduce((a, b) => (b.testAccuracy > a.testAccuracy ? b : a));
      const testMean = mean(test);
      const paper = paperRow(dataset, model);
      const ref = referenceFigure(dataset, model);
      out.push({
        model,
        dataset,
        seeds: group.map((r) => r.seed),
        trainAccuracy: { mean: mean(train), std: sampleStd(train), best: max(train) },
        testAccuracy: { mean: testMean, std: sampleStd(test), stderr: standardError(test), best: max(test) },
        best: { seed: bestRow.seed, trainAccuracy: bestRow.trainAccuracy, testAccuracy: bestRow.testAccuracy },
        seconds: { mean: mean(group.map((r) => r.seconds)), total: group.reduce((s, r) => s + r.seconds, 0) },
        paper: paper ? { trainAccuracy: paper.trainAccuracy, testAccuracy: paper.testAccuracy } : null,
        reference: ref ? { testAccuracy: ref.testAccuracy, ...(ref.range ? { range: ref.range } : {}) } : null,
        gapToPaper: paper ? testMean - paper.testAccuracy : null,
        gapToReference: ref ? testMean - ref.testAccuracy : null,
      });
    }
  }
  return out;
}
