import {
  accuracy,
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
import { z } from 'zod';
import { abortError } from '../experiments/errors.js';
import type { LabelledSet } from './labelled.js';

const positiveInt = z.number().int().positive();
const fraction = z.number().gt(0).lt(1);

/** KELM with a Gaussian kernel exp(-||a-b||^2 / (2 sigma^2)); C and sigma picked on a validation split of the training data. */
export const kelmSelectionSchema = z.strictObject({
  validationFraction: fraction.default(0.2),
  C: z.array(z.number().positive()).min(1).default([10, 100, 1000, 10000]),
  /** sigma candidates as multiples of the median pairwise distance of the training features. */
  sigmaScales: z.array(z.number().positive()).min(1).default([0.25, 0.35, 0.5, 0.7]),
  /** Choose C and sigma on a seeded subsample of this many training samples (all when absent) — cheaper, a little noisier. */
  selectionSamples: positiveInt.optional(),
  /** Above this many training samples the Nystrom approximation with this many centres replaces the exact solve. */
  exactLimit: positiveInt.default(12_000),
  nystromCentres: positiveInt.default(4000),
});
export type KelmSelection = z.output<typeof kelmSelectionSchema>;

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

export function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

/** Lets a pending stop (and progress output) through between long synchronous solves. */
export const breathe = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function score(model: Parameters<typeof predict>[0], set: LabelledSet): number {
  return accuracy(predict(model, set.x).labels, set.y);
}

/** C and sigma chosen on a validation split of the training data, with the score that chose them. */
export interface KelmChoice {
  C: number;
  sigma: number;
  median: number;
  validationAccuracy: number;
  /** How many training samples the choice was made on (a subsample above `exactLimit` / `selectionSamples`). */
  selectedOn: number;
  /** Set when larger C values of the grid could not be factorised and were dropped. */
  largestC?: number;
}

/** Picks C and sigma (multiples of the median pairwise distance) on a seeded validation split of `train`. */
export async function chooseKelm(train: LabelledSet, sel: KelmSelection, seed: number, hooks: StepHooks = {}): Promise<KelmChoice> {
  const { signal } = hooks;
  let selX: FeatureMatrix = train.x;
  let selY: ArrayLike<number> = train.y;
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
  // Nearly collinear features (e.g. saturated codes of a deep stack) can make the largest C's system singular in
  // float32; such a C cannot be fitted, so the grid drops it (largest first) instead of failing the row.
  let Cs = [...sel.C].sort((a, b) => a - b);
  for (;;) {
    try {
      const grid = await gridSearch(selX, selY, {
        kernel: 'gaussian',
        Cs,
        params: sigmas,
        validation: { type: 'holdout', fraction: sel.validationFraction, seed },
        onCell: (_cell, index, total) => {
          stopIfAborted(signal);
          hooks.onStage?.(`choosing C and sigma: ${index + 1}/${total}`, (0.7 * (index + 1)) / total);
        },
      });
      stopIfAborted(signal);
      const sigma = grid.best.kernel.type === 'gaussian' ? grid.best.kernel.sigma : median;
      return { C: grid.best.C, sigma, median, validationAccuracy: grid.best.accuracy, selectedOn: selX.rows, ...(Cs.length < sel.C.length ? { largestC: Cs.at(-1)! } : {}) };
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'NOT_POSITIVE_DEFINITE' || Cs.length <= 1) throw err;
      Cs = Cs.slice(0, -1);
      hooks.onStage?.(`C ${sel.C.length - Cs.length} largest dropped (not positive definite in float32)`);
    }
  }
}

/** Fits the chosen KELM on all of `train`: exact up to `exactLimit` samples, Nystrom above. */
export async function fitChosenKelm(train: LabelledSet, choice: KelmChoice, sel: KelmSelection, seed: number): Promise<KernelModel> {
  const kernel = { type: 'gaussian' as const, sigma: choice.sigma };
  if (train.x.rows > sel.exactLimit) return nystromFit(train.x, train.y, { kernel, C: choice.C, centres: sel.nystromCentres, seed });
  return kelmFit(train.x, train.y, { kernel, C: choice.C });
}

/** The chosen parameters as the report lists them. */
export function choiceParams(choice: KelmChoice, trainRows: number, sel: KelmSelection): Record<string, number | string> {
  const params: Record<string, number | string> = { C: choice.C, sigma: choice.sigma, 'sigma / median distance': Number((choice.sigma / choice.median).toPrecision(3)) };
  if (trainRows > sel.exactLimit) params.centres = Math.min(sel.nystromCentres, trainRows);
  if (choice.selectedOn < trainRows) params['selected on'] = `${choice.selectedOn} samples`;
  if (choice.largestC !== undefined) params['C grid cut at'] = choice.largestC;
  return params;
}

/**
 * KELM with the paper's Gaussian kernel exp(-||a-b||^2 / (2 sigma^2)): C and sigma (multiples of the median
 * pairwise distance) chosen on a held-out part of the training data, then refitted on all of it and scored once on
 * the test data. Above `exactLimit` samples the selection runs on a seeded subsample and the final fit uses Nystrom.
 */
export async function selectAndFitKelm(train: LabelledSet, test: LabelledSet, sel: KelmSelection, seed: number, hooks: StepHooks = {}): Promise<Scored> {
  const choice = await chooseKelm(train, sel, seed, hooks);
  const large = train.x.rows > sel.exactLimit;
  hooks.onStage?.(`fitting KELM (C ${choice.C}, sigma ${choice.sigma})${large ? ' with Nystrom' : ''}`, 0.7);
  await breathe();
  const model = await fitChosenKelm(train, choice, sel, seed);
  stopIfAborted(hooks.signal);
  hooks.onStage?.('scoring', 0.9);
  return { trainAccuracy: score(model, train), testAccuracy: score(model, test), params: choiceParams(choice, train.x.rows, sel), validationAccuracy: choice.validationAccuracy };
}
