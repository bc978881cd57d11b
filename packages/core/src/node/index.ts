// Node-only entry of @aelab/core (`@aelab/core/node`): backends, run directories, training runs from configs.
export { activateBlas, blasAddonPath, defaultBlasThreads, findWasmDir, listBackends, loadBlasAddon, nativePackages, nodeCandidates, selectBackend, type BlasOptions, type NodeBackendOptions } from './backend/index.js';
export { runTraining, type RunTrainingOptions, type RunTrainingResult, type TrainingRunStatus, type RunStatusFile, type RunResults } from './run-training.js';
export { loadRunData, type LoadRunDataOptions } from './data.js';
export { RUN_FILES, MetricsLog, hasRun, readCheckpoint, writeCheckpoint, writeModelFiles, listSnapshots, type MetricsLine } from './run-dir.js';
export { loadModelAt, readModelDir } from './model-files.js';
export { writeFileAtomic, writeJson } from './files.js';
export { runExperimentInDir, DirJobStore, FileArtifactSink, environment, hostFacts, loadTable, EXPERIMENTS, getExperiment, type RunInDirOptions, type RunInDirOutcome, type Environment } from './experiments/index.js';
