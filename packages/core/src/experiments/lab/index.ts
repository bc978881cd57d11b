// The lab report (binary MNIST autoencoders) as an experiment: options, jobs, reports. Browser-safe; the data loader
// that reads the MNIST files lives in @aelab/core/node.
export { labDefinition, labOptionsSchema, resolveLabRecipe, type LabOptions, type LabOptionsInput, type LabRecipe } from './definition.js';
export { createLabExperiment, type LabDataLoader, type LabExperiment, type LabPrepared } from './experiment.js';
export type { LabJobResult } from './run-job.js';
export type { ClassificationRow, LabResults, SparsenessRow } from './results.js';
export { codeSparseness, type CodeSparseness } from './sparseness.js';
export { PAPER_CLASSIFICATION, PAPER_NO_HIDDEN, PAPER_SPARSENESS, TABLE2_LAYOUTS } from './paper.js';
export { HIDDEN_ACTIVATIONS, PENALTY_FORMS, type HiddenActivation, type LabData, type LabDataInfo, type PenaltyForm } from './types.js';
