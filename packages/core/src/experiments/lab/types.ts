import type { LabelledSet } from '../../pipelines/labelled.js';

export type { LabelledSet, Matrix } from '../../pipelines/labelled.js';

/** The two hidden-unit kinds the lab compares. */
export const HIDDEN_ACTIVATIONS = ['relu', 'sigmoid'] as const;
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

/** Where the over-complete model's L1/L2 penalty acts: on the code (activity) or on the encoder kernel (weights). */
export const PENALTY_FORMS = ['activity', 'weights'] as const;
export type PenaltyForm = (typeof PENALTY_FORMS)[number];

/** The lab's data: binary MNIST, a stratified draw split 80/20 into train and validation, and a test draw. */
export interface LabData {
  train: LabelledSet;
  validation: LabelledSet;
  test: LabelledSet;
  imageShape: [number, number];
  classes: number;
  info: LabDataInfo;
}

export interface LabDataInfo {
  source: string;
  /** True when no MNIST files were found and the 10,000 embedded digits were drawn from instead. */
  embedded: boolean;
  trainCount: number;
  validationCount: number;
  testCount: number;
  warnings: string[];
}

/** One epoch of a training curve: the loss minimised and the reconstruction (or classification) part alone. */
export interface CurvePoint {
  epoch: number;
  train: number;
  validation: number | null;
}
