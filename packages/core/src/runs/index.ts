export { RUN_STATUSES, FINAL_STATUSES, RESUMABLE_STATUSES, isFinalStatus, isResumable, isRunStatus, stoppedStatus, type RunStatus, type StopCause } from './status.js';
export { RUN_FILES, childRunDir, isSafeKey } from './layout.js';
export { resultMetrics } from './metrics.js';
