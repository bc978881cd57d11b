import { candidateRecipe } from './recipes.js';
import type { ImprovedRecipe, ReproduceConfig, StackRecipe } from './config.js';
import { isStackModel, type ModelName, type TableDataset } from './types.js';

/** One unit of work: a model on a dataset with one seed (ELM/RELM: all their seeds, after one selection). */
export interface Job {
  dataset: TableDataset;
  model: ModelName;
  seed: number;
  /** An ablation candidate's name (holdout runs only): the job scores that recipe instead of adding a row. */
  candidate?: string;
  /** Rough flop count, only used to weight progress and the ETA. */
  cost: number;
}

export interface DataSize {
  train: number;
  test: number;
  dim: number;
  /** Unlabelled training digits available for DDAE+U (0 when the table has none). */
  unlabelled?: number;
}

/** Flops of a KELM selection over the grid plus the final fit, at N training samples of dimension d. */
export function kelmCost(n: number, test: number, d: number, config: ReproduceConfig): number {
  const k = config.kelm;
  const nSel = Math.min(n, k.selectionSamples ?? n, k.exactLimit);
  const nTr = Math.round(nSel * (1 - k.validationFraction));
  const nVal = nSel - nTr;
  // Per sigma: the kernel blocks (2 N^2 d); per (sigma, C): a Cholesky (N^3 / 3) and the validation products.
  const grid = k.sigmaScales.length * 2 * (nTr + nVal) * nTr * d + k.sigmaScales.length * k.C.length * (nTr ** 3 / 3 + 2 * nVal * nTr * d);
  // The final fit: exact (kernel + Cholesky) or Nystrom (n x m features, their Gram matrix, an m x m solve).
  const m = n <= k.exactLimit ? n : Math.min(n, k.nystromCentres);
  const final = n <= k.exactLimit ? 2 * n * n * d + n ** 3 / 3 : 2 * n * m * d + 2 * n * m * m + m ** 3 / 3;
  return grid + final + 2 * (n + test) * m * d;
}

function elmCost(n: number, test: number, d: number, config: ReproduceConfig, regularised: boolean): number {
  const e = config.elm;
  const perFit = (l: number) => 2 * (n + test) * d * l + 2 * n * l * l + l ** 3 / 3;
  const selection = e.hidden.reduce((s, l) => s + perFit(l) * (regularised ? e.C.length : 1), 0);
  const best = Math.max(...e.hidden);
  return selection + e.seeds * perFit(best);
}

/** Forward + backward of a tied two-level stack: about 12 flops per weight per sample per epoch. */
export function stackCost(n: number, d: number, recipe: StackRecipe): number {
  let weights = 0;
  let levelFlops = 0;
  recipe.units.forEach((u, i) => {
    const inputs = i === 0 ? d : recipe.units[i - 1]!;
    weights += inputs * u;
    levelFlops += (recipe.epochs[i] ?? 0) * inputs * u;
  });
  return 12 * n * levelFlops + (recipe.fineTune ? 12 * n * recipe.fineTune.epochs * weights : 0);
}

/** A run of the improved recipe: its members' stacks on the (augmented) pretraining data, and their KELMs. */
export function improvedCost(size: DataSize, recipe: ImprovedRecipe, dataset: TableDataset, config: ReproduceConfig, unlabelled: number): number {
  const stack = recipe.stacks[dataset];
  const copies = 1 + (recipe.augment.ae ? 4 * recipe.augment.shift : 0);
  const dim = stack.units.at(-1)! + (recipe.pixels ? size.dim : 0);
  return recipe.members * (stackCost(size.train * copies + unlabelled, size.dim, stack) + kelmCost(size.train, size.test, dim, config));
}

/**
 * The jobs for one dataset in the order they run: the fast baselines first, then the stacks seed by seed with
 * DDAE first, so that a run stopped early still has the paper's main row.
 */
export function planJobs(dataset: TableDataset, size: DataSize, config: ReproduceConfig): Job[] {
  const jobs: Job[] = [];
  const wanted = (m: ModelName) => config.models.includes(m);
  const recipe = config.stacks[dataset];
  if (wanted('ELM')) jobs.push({ dataset, model: 'ELM', seed: 0, cost: elmCost(size.train, size.test, size.dim, config, false) });
  if (wanted('RELM')) jobs.push({ dataset, model: 'RELM', seed: 0, cost: elmCost(size.train, size.test, size.dim, config, true) });
  if (wanted('KELM')) jobs.push({ dataset, model: 'KELM', seed: config.seeds[0]!, cost: kelmCost(size.train, size.test, size.dim, config) });
  for (const seed of config.seeds) {
    for (const model of ['DDAE', 'AE', 'SAE', 'DAE'] as const) {
      if (!wanted(model) || !isStackModel(model)) continue;
      jobs.push({ dataset, model, seed, cost: stackCost(size.train, size.dim, recipe) + kelmCost(size.train, size.test, recipe.units.at(-1)!, config) });
    }
  }
  // The improved recipe after the faithful rows, seed by seed; in holdout mode each ablation candidate beside it.
  // The candidates first: they are what a holdout run is for, and the combined recipe comes from them.
  for (const seed of config.seeds) {
    if (config.holdout && wanted('DDAE+')) {
      for (const c of config.ablation) jobs.push({ dataset, model: 'DDAE+', seed, candidate: c.name, cost: improvedCost(size, candidateRecipe(config, c), dataset, config, 0) });
    }
    if (wanted('DDAE+')) jobs.push({ dataset, model: 'DDAE+', seed, cost: improvedCost(size, config.improved, dataset, config, 0) });
    if (wanted('DDAE+U') && (size.unlabelled ?? 0) > 0) jobs.push({ dataset, model: 'DDAE+U', seed, cost: improvedCost(size, config.improved, dataset, config, Math.min(size.unlabelled ?? 0, config.improved.unlabelled.count)) });
  }
  return jobs;
}
