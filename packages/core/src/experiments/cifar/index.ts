export { cifarDefinition, cifarOptionsSchema, resolveCifarRecipe, QUICK, type CifarOptions, type CifarOptionsInput, type CifarRecipe } from './definition.js';
export { createCifarExperiment, type CifarExperiment, type CifarLoader, type CifarPrepared } from './experiment.js';
export { CIFAR_PAPER, PAPER_SECONDS_PER_EPOCH } from './paper.js';
export { cifarHeadline, cifarPage, cifarResults, comparisonTable, epochTable, renderCifarReport, type CifarResults } from './report.js';
export { runCifarTraining, windowMean, type CifarData, type CifarJobResult, type EpochRow } from './train-job.js';
export type { CifarFigure } from './figures.js';
