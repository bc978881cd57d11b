// The wire contract between the server and `aelab worker` processes: JSON over the server's `/worker/*` routes.
import type { WorkerInfo, WorkerRef } from '../api.js';
import type { FromWorker, RunOutcome, RunTask, StopReason } from '../worker/protocol.js';

export type Heartbeat = Omit<WorkerInfo, 'lastSeen'>;
export interface HeartbeatReply {
  /** Runs this worker holds that must stop (a cancel from the CLI or web). */
  stop: { runId: string; reason: StopReason }[];
}

export interface ClaimRequest {
  worker: WorkerRef;
  runId: string;
  attempt: number;
}
export type ClaimReply =
  | { ok: true; lease: string; task: RunTask; resume: boolean }
  /** Nothing to do: the run was cancelled, finished, deleted or resumed under a newer job. */
  | { ok: false; reason: string };

/** What a worker streams about a run it holds (never `done` or `probe`). */
export type ReportMessage = Extract<FromWorker, { type: 'event' | 'experiment-event' | 'log' }>;

export interface ReportRequest {
  runId: string;
  lease: string;
  /** 1, 2, 3, ... per lease; a batch sent again (no answer came) carries its number again and is applied once. */
  batch: number;
  messages: ReportMessage[];
}
export interface ReportReply {
  stop?: StopReason;
}

export interface DoneRequest {
  runId: string;
  lease: string;
  outcome: RunOutcome;
}

/** A worker going away hands a run back: it is queued again and resumes from its last uploaded checkpoint. */
export interface ReleaseRequest {
  runId: string;
  lease: string;
}

export interface RemoteFile {
  path: string;
  size: number;
}

/** HTTP 409 on report/done/release: the lease is not (or no longer) this worker's; it must drop the run. */
export const LEASE_LOST_STATUS = 409;
