import { liteTrainerOptions, validateRunConfig, type LiteTrainerOptions, type RunConfigInput } from '@aelab/core';

export type DigitsActivation = 'relu' | 'sigmoid';
export type DigitsPenalty = 'none' | 'L1' | 'L2';
/** What an L1/L2 penalty weighs: the code units' activations or the weights (the report does not say which). */
export type DigitsPenaltyForm = 'activity' | 'weights';
export type DigitsOptimizer = 'adam' | 'momentum';

/** The digits lab's setup: everything a shared link or an exported file carries. */
export interface DigitsConfig {
  /** Hidden units h of the 784-h-784 autoencoder. */
  units: number;
  activation: DigitsActivation;
  penalty: DigitsPenalty;
  form: DigitsPenaltyForm;
  /** λ as the report gives it (1e-5, 1e-7). */
  lambda: number;
  /** σ of the Gaussian noise added to the inputs while training; 0 for none. */
  noise: number;
  optimizer: DigitsOptimizer;
  learningRate: number;
  batchSize: number;
  epochs: number;
  seed: number;
}

export const MAX_UNITS = 1024;
/** Digits the browser trains and validates on (80/20), as shipped by the build. */
export const DIGITS_TOTAL = 3000;
/** The lab experiment's sparseness threshold: a code value with |a| below it counts as quiet. */
export const SPARSENESS_THRESHOLD = 0.05;

/**
 * 100 ReLU units (the report's Figure 6) with Adam: the report's SGD (learning rate 0.1, momentum 0.9) needs many
 * epochs before the tiles show strokes, Adam shows them within a minute in a browser, which is what a student watches.
 */
export const DEFAULT_DIGITS: DigitsConfig = {
  units: 100,
  activation: 'relu',
  penalty: 'none',
  form: 'activity',
  lambda: 1e-5,
  noise: 0,
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 32,
  epochs: 50,
  seed: 0,
};

/** The report's recipe (for the "use the report's optimiser" choice). */
export const REPORT_SGD = { learningRate: 0.1, momentum: 0.9 } as const;

interface Field<K extends keyof DigitsConfig> {
  key: K;
  param: string;
  parse: (raw: string) => DigitsConfig[K] | null;
}

const intIn = (lo: number, hi: number) => (raw: string) => {
  const v = Number(raw);
  return Number.isInteger(v) && v >= lo && v <= hi ? v : null;
};
const numIn = (lo: number, hi: number, open = false) => (raw: string) => {
  const v = Number(raw);
  return raw.trim() !== '' && Number.isFinite(v) && (open ? v > lo : v >= lo) && v <= hi ? v : null;
};
const oneOf =
  <T extends string>(...values: T[]) =>
  (raw: string): T | null =>
    values.includes(raw as T) ? (raw as T) : null;

/** URL parameters, in the order they are written. */
const FIELDS: { [K in keyof DigitsConfig]: Field<K> }[keyof DigitsConfig][] = [
  { key: 'units', param: 'h', parse: intIn(1, MAX_UNITS) },
  { key: 'activation', param: 'act', parse: oneOf('relu', 'sigmoid') },
  { key: 'penalty', param: 'penalty', parse: oneOf('none', 'L1', 'L2') },
  { key: 'form', param: 'on', parse: oneOf('activity', 'weights') },
  { key: 'lambda', param: 'lambda', parse: numIn(0, 1, true) },
  { key: 'noise', param: 'noise', parse: numIn(0, 2) },
  { key: 'optimizer', param: 'opt', parse: oneOf('adam', 'momentum') },
  { key: 'learningRate', param: 'lr', parse: numIn(0, 10, true) },
  { key: 'batchSize', param: 'batch', parse: intIn(1, 1024) },
  { key: 'epochs', param: 'epochs', parse: intIn(1, 100_000) },
  { key: 'seed', param: 'seed', parse: intIn(0, 2 ** 31 - 1) },
];

/** Human limits of each field, for the form's messages. */
export const LIMITS: Partial<Record<keyof DigitsConfig, string>> = {
  units: `a whole number from 1 to ${MAX_UNITS}`,
  lambda: 'a number above 0, at most 1',
  noise: 'a number from 0 to 2',
  learningRate: 'a number above 0, at most 10',
  batchSize: 'a whole number from 1 to 1024',
  epochs: 'a whole number from 1 to 100000',
  seed: 'a whole number from 0 to 2147483647',
};

/** Whether a value is one the field takes (the form checks what the user types with it). */
export function validField<K extends keyof DigitsConfig>(key: K, value: DigitsConfig[K]): boolean {
  const field = FIELDS.find((f) => f.key === key)!;
  return field.parse(String(value)) !== null;
}

/** The query string for a config: only what differs from the defaults, so links stay short. */
export function digitsToSearch(config: DigitsConfig): string {
  const q = new URLSearchParams();
  for (const f of FIELDS) {
    const v = config[f.key];
    if (v !== DEFAULT_DIGITS[f.key]) q.set(f.param, String(v));
  }
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** Reads a query string; a value the page cannot use falls back to its default and is named in `ignored`. */
export function digitsFromSearch(search: string): { config: DigitsConfig; ignored: string[] } {
  const q = new URLSearchParams(search);
  const config: DigitsConfig = { ...DEFAULT_DIGITS };
  const ignored: string[] = [];
  for (const f of FIELDS) {
    const raw = q.get(f.param);
    if (raw === null) continue;
    const v = f.parse(raw);
    if (v === null) ignored.push(`${f.param}=${raw}`);
    else (config as unknown as Record<string, unknown>)[f.key] = v;
  }
  return { config, ignored };
}

/**
 * The setup as a run config the server accepts: binary MNIST from the embedded digits (a seeded stratified 3,000,
 * where the browser ships the first 300 of each class), 80/20 validation, the lab's N(0, 0.05) weights and sigmoid
 * output. An activity penalty's λ is multiplied by the batch size, as the lab experiment does: the report's Keras 2
 * summed it over the batch, aelab averages over the batch's digits.
 */
export function digitsRunConfig(c: DigitsConfig): RunConfigInput {
  const init = { type: 'gaussian' as const, std: 0.05 };
  const key = c.penalty === 'none' ? null : `${c.penalty.toLowerCase()}${c.form === 'activity' ? 'Activity' : 'Weights'}`;
  const lambda = c.form === 'activity' ? c.lambda * c.batchSize : c.lambda;
  return {
    name: `digits-lab-h${c.units}-${c.activation}${key ? `-${key}-${c.lambda}` : ''}${c.noise > 0 ? `-noise${c.noise}` : ''}`,
    seed: c.seed,
    data: { name: 'mnist-binary', embedded: true, split: 'all', trainSize: DIGITS_TOTAL },
    model: {
      type: 'dense',
      layers: [{ units: c.units, activation: c.activation, initializer: init }],
      outputActivation: 'sigmoid',
      outputInitializer: init,
      regularization: key ? { [key]: lambda } : {},
      ...(c.noise > 0 ? { corruption: { type: 'gaussian' as const, sigma: c.noise } } : {}),
    },
    training: {
      optimizer: c.optimizer === 'adam' ? { type: 'adam' } : { type: 'momentum', momentum: REPORT_SGD.momentum },
      learningRate: c.learningRate,
      loss: 'mse',
      batchSize: c.batchSize,
      epochs: c.epochs,
      validationFraction: 0.2,
    },
  };
}

/** The in-browser trainer's options for the setup, through the same run config the server would get. */
export function digitsTrainerOptions(c: DigitsConfig): LiteTrainerOptions {
  const checked = validateRunConfig(digitsRunConfig(c));
  if (!checked.ok) throw new Error(`digits lab: ${checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return liteTrainerOptions(checked.config, 784);
}

/** What "Export JSON" writes: the lab's setup, and the run config it stands for. */
export interface DigitsExport {
  format: 'aelab-digits-lab';
  version: 1;
  config: DigitsConfig;
  runConfig: RunConfigInput;
}

export function digitsExport(config: DigitsConfig): DigitsExport {
  return { format: 'aelab-digits-lab', version: 1, config, runConfig: digitsRunConfig(config) };
}

/** Reads an exported file back; every field is checked as a URL parameter would be. */
export function readDigitsExport(text: string): { ok: true; config: DigitsConfig; ignored: string[] } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not JSON (${(err as Error).message})` };
  }
  const v = value as Partial<DigitsExport> | null;
  if (!v || typeof v !== 'object' || v.format !== 'aelab-digits-lab' || !v.config || typeof v.config !== 'object') {
    return { ok: false, error: 'not a digits lab export (expected "format": "aelab-digits-lab" and a "config")' };
  }
  const q = new URLSearchParams();
  for (const f of FIELDS) {
    const raw = (v.config as unknown as Record<string, unknown>)[f.key];
    if (raw !== undefined) q.set(f.param, String(raw));
  }
  return { ok: true, ...digitsFromSearch(q.toString()) };
}
