// @aelab/server's main entry: browser-safe types. Apps import only the router type (`import type { AppRouter }`);
// starting a server in-process is `@aelab/server/node`.
export type { AppRouter } from './router.js';
export type {
  Artifact,
  ArtifactKind,
  BackendsInfo,
  CheckpointInfo,
  ChildrenSummary,
  ExperimentInfo,
  ExperimentStreamEvent,
  JobRef,
  DatasetEntry,
  MetricPoint,
  RunDetail,
  RunEvent,
  RunList,
  RunKind,
  RunProgress,
  RunStatus,
  RunSummary,
  ServerLimits,
  SweepChild,
  SweepDetail,
  WorkerInfo,
  WorkerRef,
} from './api.js';
export { RUN_STATUSES, RUN_KINDS, RUN_FILES, FINAL_STATUSES, isFinalStatus } from './api.js';
export { ServerError, type ServerErrorCode } from './errors.js';
