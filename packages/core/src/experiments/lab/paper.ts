import type { HiddenActivation } from './types.js';

/** The lab report's Table 1: average sparseness of the 1,024-unit codes (its definition is not given). */
export const PAPER_SPARSENESS: readonly { activation: HiddenActivation; regularisation: 'L1' | 'L2' | 'noise'; parameter: number; sparseness: number }[] = [
  { activation: 'relu', regularisation: 'L1', parameter: 1e-5, sparseness: 0.99 },
  { activation: 'sigmoid', regularisation: 'L1', parameter: 1e-5, sparseness: 0.99 },
  { activation: 'relu', regularisation: 'L1', parameter: 1e-7, sparseness: 0.75 },
  { activation: 'sigmoid', regularisation: 'L1', parameter: 1e-7, sparseness: 0.25 },
  { activation: 'relu', regularisation: 'L2', parameter: 1e-5, sparseness: 0.99 },
  { activation: 'sigmoid', regularisation: 'L2', parameter: 1e-5, sparseness: 0.94 },
  { activation: 'relu', regularisation: 'L2', parameter: 1e-7, sparseness: 0.57 },
  { activation: 'sigmoid', regularisation: 'L2', parameter: 1e-7, sparseness: 0.12 },
  { activation: 'relu', regularisation: 'noise', parameter: 0.1, sparseness: 0.16 },
  { activation: 'sigmoid', regularisation: 'noise', parameter: 0.1, sparseness: 0.02 },
  { activation: 'relu', regularisation: 'noise', parameter: 0.3, sparseness: 0.21 },
  { activation: 'sigmoid', regularisation: 'noise', parameter: 0.3, sparseness: 0.02 },
];

/** The lab report's Table 2: test accuracy by hidden layout, ReLU (batch norm while fine-tuning) and sigmoid. */
export const PAPER_CLASSIFICATION: readonly { layout: string; relu: number; sigmoid: number }[] = [
  { layout: '128', relu: 0.92, sigmoid: 0.91 },
  { layout: '256', relu: 0.93, sigmoid: 0.92 },
  { layout: '512', relu: 0.92, sigmoid: 0.91 },
  { layout: '128-128', relu: 0.93, sigmoid: 0.89 },
  { layout: '256-256', relu: 0.94, sigmoid: 0.89 },
  { layout: '512-512', relu: 0.94, sigmoid: 0.88 },
  { layout: '128-256', relu: 0.94, sigmoid: 0.88 },
  { layout: '128-512', relu: 0.94, sigmoid: 0.9 },
  { layout: '256-128', relu: 0.92, sigmoid: 0.89 },
  { layout: '256-512', relu: 0.94, sigmoid: 0.9 },
  { layout: '512-128', relu: 0.94, sigmoid: 0.9 },
  { layout: '512-256', relu: 0.94, sigmoid: 0.89 },
  { layout: '512-512-512', relu: 0.94, sigmoid: 0.8 },
  { layout: '256-256-256', relu: 0.94, sigmoid: 0.3 },
  { layout: '128-128-128', relu: 0.93, sigmoid: 0.2 },
  { layout: '128-256-512', relu: 0.92, sigmoid: 0.3 },
  { layout: '512-256-128', relu: 0.93, sigmoid: 0.82 },
  { layout: '256-512-256', relu: 0.94, sigmoid: 0.76 },
  { layout: '256-128-256', relu: 0.92, sigmoid: 0.31 },
  { layout: '512-128-512', relu: 0.94, sigmoid: 0.11 },
  { layout: '512-256-512', relu: 0.93, sigmoid: 0.64 },
  { layout: '128-256-128', relu: 0.93, sigmoid: 0.29 },
  { layout: '128-512-128', relu: 0.92, sigmoid: 0.2 },
];

/** "No hidden layer": softmax regression on the raw pixels. */
export const PAPER_NO_HIDDEN = 0.895;

/** Every hidden layout of Table 2, in its order. */
export const TABLE2_LAYOUTS: readonly string[] = PAPER_CLASSIFICATION.map((r) => r.layout);

export function paperAccuracy(layout: string, activation: HiddenActivation | 'none'): number | null {
  if (layout === 'none') return PAPER_NO_HIDDEN;
  const row = PAPER_CLASSIFICATION.find((r) => r.layout === layout);
  if (!row || activation === 'none') return null;
  return row[activation];
}

export function paperSparseness(activation: HiddenActivation, regularisation: 'L1' | 'L2' | 'noise', parameter: number): number | null {
  return PAPER_SPARSENESS.find((r) => r.activation === activation && r.regularisation === regularisation && r.parameter === parameter)?.sparseness ?? null;
}
