export { runExperimentInDir, type RunInDirOptions, type RunInDirOutcome } from './run-in-dir.js';
export { DirJobStore } from './dir-store.js';
export { FileArtifactSink } from './file-sink.js';
export { environment, hostFacts, type Environment } from './environment.js';
export { loadTable } from './data.js';
export { loadLabData } from './lab-data.js';
export { EXPERIMENTS, getExperiment } from './registry.js';
