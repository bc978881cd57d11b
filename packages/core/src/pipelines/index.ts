export { kelmOnCodes, type Encoder } from './ae-kelm.js';
export { selectAndFitKelm, kelmSelectionSchema, type KelmSelection, type Scored, type StepHooks } from './kelm-selection.js';
export type { LabelledSet, Matrix } from './labelled.js';
