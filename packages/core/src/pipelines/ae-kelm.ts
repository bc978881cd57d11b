import { selectAndFitKelm, type KelmSelection, type Scored, type StepHooks } from './kelm-selection.js';
import type { LabelledSet, Matrix } from './labelled.js';

/** Anything that turns samples into codes: a trained stack's encoder. */
export interface Encoder {
  encode(x: Matrix): Promise<Matrix>;
}

/**
 * The AE→KELM pipeline: codes of a trained encoder for the training and test samples, then a Gaussian KELM chosen
 * on validation codes and fitted on all training codes, scored once on the test codes.
 */
export async function kelmOnCodes(
  encoder: Encoder,
  data: { train: LabelledSet; test: LabelledSet },
  selection: KelmSelection,
  seed: number,
  hooks: StepHooks = {},
): Promise<Scored> {
  hooks.onStage?.('encoding', 0);
  const trainCodes = await encoder.encode(data.train.x);
  const testCodes = await encoder.encode(data.test.x);
  return selectAndFitKelm({ x: trainCodes, y: data.train.y }, { x: testCodes, y: data.test.y }, selection, seed, hooks);
}
