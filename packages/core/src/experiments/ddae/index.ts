// The DDAE paper (Pan & Zhao) as an experiment: options, recipe, rows, reports. Browser-safe; the data loader that
// reads files lives in @aelab/core/node.
export { ddaeDefinition, ddaeOptionsSchema, resolveDdaeConfig, tablesFor, type DdaeOptions, type DdaeOptionsInput } from './definition.js';
export { createDdaeExperiment, ddaeRunInfo, type DdaeExperiment, type DdaeJobResult, type DdaePrepared, type TableLoader } from './experiment.js';
export { BACKEND_CHOICES, MODEL_NAMES, STACK_MODELS, TABLE_DATASETS, isStackModel, type ModelName, type ResultRow, type StackModelName, type TableDataset } from './types.js';
export { PROFILES, reproduceConfigSchema, resolveConfig, mergeConfig, type ReproduceConfig, type ReproduceConfigInput, type StackRecipe } from './config.js';
export { PAPER, REFERENCE } from './paper.js';
export { summarize, type SummaryEntry } from './summary.js';
export { resultsDocument, type DatasetInfo, type Figure, type ModelRef, type ResultsDocument, type RunInfo, type Selection } from './results.js';
export { resultTables, selectionTable, pct, type TextTable } from './tables.js';
export { ddaePage, renderDdaeReport } from './report.js';
export type { LabelledSet, Matrix, TableData } from './table-data.js';
