export type {
  AnyExperiment,
  ArtifactSink,
  Experiment,
  ExperimentDefinition,
  ExperimentReport,
  FinishedJob,
  JobContext,
  JobProgress,
  PlannedJob,
  PrepareContext,
  PreparedExperiment,
  ReportInput,
  ReportTable,
  RunFacts,
} from './experiment.js';
export { runExperiment, type ExperimentEvent, type ExperimentOutcome, type RunEnvironment, type RunExperimentOptions } from './runner.js';
export { MemoryArtifactSink } from './memory-sink.js';
export { MemoryJobStore, finishedRecord, startedRecord, type JobOutcome, type JobRecord, type JobStore } from './job-store.js';
export { ProgressTracker, formatDuration, type ProgressSnapshot } from './progress.js';
export { abortError, isAbortError, parseOptions, errorInfo } from './errors.js';
export { experimentOptionFields, type OptionField } from './option-fields.js';
export { EXPERIMENT_DEFINITIONS, experimentDefinition, experimentInfos, experimentNames, type ExperimentInfo } from './registry.js';
export { compareWithReference, type Comparison, type ComparisonInput } from './report/index.js';
export * as ddae from './ddae/index.js';
export * as lab from './lab/index.js';
export * as cifar from './cifar/index.js';
