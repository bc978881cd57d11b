import {
  accuracy,
  elmFit,
  gridSearch,
  kelmFit,
  medianPairwiseDistance,
  nystromFit,
  predict,
  splits,
  takeLabels,
  takeRows,
  type FeatureMatrix,
  type KernelModel,
} from '@aelab/kelm';
import type { ElmSelection, KelmSelection, ReproduceConfig } from './config.js';
import type { LabelledSet, TableData } from './data.js';

/** One fitted classifier: accuracies on its training and test data, the chosen parameters and their validation score. */
export interface Scored {
  trainAccuracy: number;
  testAccuracy: number;
  params: Record<string, number | string>;
  validationAccuracy: number;
}

export interface StepHooks {
  signal?: AbortSignal | undefined;
  /** A stage name and, where known, how far the step is (0..1). */
  onStage?: (stage: string, fraction?: number) => void;
}

function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const err = new Error('stopped');
    err.name = 'AbortError';
    throw err;
  }
}

/** Lets a pending Ctrl-C (and progress output) through between long synchronous solves. */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function score(model: Parameters<typeof predict>[0], set: LabelledSet): number {
  return accuracy(predict(model, set.x).labels, set.y);
}

/**
 * KELM with the paper's Gaussian kernel exp(-||a-b||^2 / (2 sigma^2)): C and sigma (multiples of the median
 * pairwise distance) chosen on a held-out part of the training data, then refitted on all of it and scored once on
 * the test data. Above `exactLimit` samples the selection runs on a seeded subsample and the final fit uses Nystrom.
 */
export async function selectAndFitKelm(train: LabelledSet, test: LabelledSet, sel: KelmSelection, seed: number, hooks: StepHooks = {}): Promise<Scored> {
  const { signal } = hooks;
  let selX: FeatureMatrix = train.x;
  let selY: ArrayLike<number> = train.y;
  const large = train.x.rows > sel.exactLimit;
  const selectionLimit = Math.min(sel.exactLimit, sel.selectionSamples ?? Number.POSITIVE_INFINITY);
  if (train.x.rows > selectionLimit) {
    const pick = splits(train.x.rows, { type: 'holdout', fraction: selectionLimit / train.x.rows, seed })[0]!.valid;
    selX = takeRows(train.x, pick);
    selY = takeLabels(train.y, pick);
  }
  const median = medianPairwiseDistance(selX, { seed });
  const sigmas = sel.sigmaScales.map((s) => Number((s * median).toPrecision(4)));
  hooks.onStage?.(`choosing C and sigma (${sel.C.length * sigmas.length} cells)`, 0);
  await breathe();
  const grid = await gridSearch(selX, selY, {
    kernel: 'gaussian',
    Cs: sel.C,
    params: sigmas,
    validation: { type: 'holdout', fraction: sel.validationFraction, seed },
    onCell: (_cell, index, total) => {
      stopIfAborted(signal);
      hooks.onStage?.(`choosing C and sigma: ${index + 1}/${total}`, (0.7 * (index + 1)) / total);
    },
  });
  stopIfAborted(signal);
  const sigma = grid.best.kernel.type === 'gaussian' ? grid.best.kernel.sigma : median;
  const C = grid.best.C;
  hooks.onStage?.(`fitting KELM (C ${C}, sigma ${sigma})${large ? ' with Nystrom' : ''}`, 0.7);
  await breathe();
  let model: KernelModel;
  if (large) {
    model = await nystromFit(train.x, train.y, { kernel: { type: 'gaussian', sigma }, C, centres: sel.nystromCentres, seed });
  } else {
    model = await kelmFit(train.x, train.y, { kernel: { type: 'gaussian', sigma }, C });
  }
  stopIfAborted(signal);
  hooks.onStage?.('scoring', 0.9);
  const params: Record<string, number | string> = { C, sigma, 'sigma / median distance': Number((sigma / median).toPrecision(3)) };
  if (large) params.centres = Math.min(sel.nystromCentres, train.x.rows);
  if (selX.rows < train.x.rows) params['selected on'] = `${selX.rows} samples`;
  return { trainAccuracy: score(model, train), testAccuracy: score(model, test), params, validationAccuracy: grid.best.accuracy };
}

export interface ElmHooks extends StepHooks {
  onSelection?: (selection: { params: Record<string, number | string>; validationAccuracy: number }) => void;
  /** After each seed's fit: its scores and the fraction of the job done. */
  onSeed?: (seed: number, scored: Omit<Scored, 'params' | 'validationAccuracy'> & { seconds: number }, fraction: number) => void;
}

interface ElmChoice {
  hidden: number;
  C?: number;
  validationAccuracy: number;
}

/** Hidden size L (and for RELM the ridge C) by validation accuracy of a seed-0 fit on a held-out fifth. */
async function chooseElm(kind: 'ELM' | 'RELM', train: LabelledSet, sel: ElmSelection, validationFraction: number, hooks: ElmHooks): Promise<ElmChoice> {
  const split = splits(train.x.rows, { type: 'holdout', fraction: validationFraction, seed: 0 })[0]!;
  const fitX = takeRows(train.x, split.train);
  const fitY = takeLabels(train.y, split.train);
  const valX = takeRows(train.x, split.valid);
  const valY = takeLabels(train.y, split.valid);
  const cells: { hidden: number; C?: number }[] = [];
  for (const hidden of sel.hidden) {
    if (kind === 'ELM') cells.push({ hidden });
    else for (const C of sel.C) cells.push({ hidden, C });
  }
  let best: ElmChoice | null = null;
  for (const [i, cell] of cells.entries()) {
    stopIfAborted(hooks.signal);
    hooks.onStage?.(`choosing ${kind === 'ELM' ? 'L' : 'L and C'}: ${i + 1}/${cells.length}`, (0.5 * i) / cells.length);
    await breathe();
    const model = await elmFit(fitX, fitY, { hidden: cell.hidden, activation: 'sigmoid', seed: 0, ...(cell.C !== undefined ? { C: cell.C } : {}) });
    const acc = accuracy(predict(model, valX).labels, valY);
    if (!best || acc > best.validationAccuracy) best = { ...cell, validationAccuracy: acc };
  }
  return best!;
}

/**
 * ELM or RELM as the paper's tables report them: one selection of L (and C) on validation data, then one fit per
 * seed on all the training data, each scored on train and test.
 */
export async function runElmFamily(kind: 'ELM' | 'RELM', table: TableData, config: ReproduceConfig, hooks: ElmHooks = {}): Promise<void> {
  const choice = await chooseElm(kind, table.train, config.elm, config.kelm.validationFraction, hooks);
  const params: Record<string, number | string> = { L: choice.hidden, activation: 'sigmoid' };
  if (choice.C !== undefined) params.C = choice.C;
  hooks.onSelection?.({ params, validationAccuracy: choice.validationAccuracy });
  const seeds = Array.from({ length: config.elm.seeds }, (_, i) => i);
  for (const [i, seed] of seeds.entries()) {
    stopIfAborted(hooks.signal);
    hooks.onStage?.(`seed ${i + 1}/${seeds.length} (L ${choice.hidden}${choice.C !== undefined ? `, C ${choice.C}` : ''})`, 0.5 + (0.5 * i) / seeds.length);
    await breathe();
    const started = performance.now();
    const model = await elmFit(table.train.x, table.train.y, { hidden: choice.hidden, activation: 'sigmoid', seed, ...(choice.C !== undefined ? { C: choice.C } : {}) });
    const scored = { trainAccuracy: score(model, table.train), testAccuracy: score(model, table.test), seconds: (performance.now() - started) / 1000 };
    hooks.onSeed?.(seed, scored, 0.5 + (0.5 * (i + 1)) / seeds.length);
  }
}
