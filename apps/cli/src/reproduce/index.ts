// The DDAE reproduction as a module: config, orchestration, results and reports. Nothing here knows about the
// command line, so it can move into a package (e.g. a Node entry) for the server to use.
export { ReproduceError, type ReproduceErrorCode } from './errors.js';
export { MODEL_NAMES, STACK_MODELS, TABLE_DATASETS, type ModelName, type ResultRow, type StackModelName, type TableDataset } from './types.js';
export { PROFILES, reproduceConfigSchema, resolveConfig, type ReproduceConfig, type ReproduceConfigInput, type StackRecipe } from './config.js';
export { PAPER, REFERENCE } from './paper.js';
export { summarize, type SummaryEntry } from './summary.js';
export { resultsDocument, type DatasetInfo, type Figure, type ResultsDocument, type RunInfo, type Selection } from './results.js';
export { runExperiment, type ExperimentHooks, type JobRef, type ReproduceEvent } from './experiment.js';
export { reproduceDdae, type ReproduceOptions, type ReproduceOutcome } from './run.js';
export { renderMarkdown } from './report-md.js';
export { renderHtml } from './report-html.js';
