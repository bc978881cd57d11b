/**
 * The one run-status vocabulary of aelab: the server's registry, core's run directories, the CLI and the web all
 * speak it. `interrupted` is a run stopped from outside (shutdown, crash, Ctrl-C) that `resume` can continue;
 * `cancelled` is a user's decision to stop it.
 */
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** States a run leaves only through an explicit resume (interrupted, failed, cancelled) or never (succeeded). */
export const FINAL_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

/** Final states that `resume` may continue from. */
export const RESUMABLE_STATUSES: readonly RunStatus[] = ['interrupted', 'failed', 'cancelled'];

export function isFinalStatus(status: RunStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

export function isResumable(status: RunStatus): boolean {
  return RESUMABLE_STATUSES.includes(status);
}

export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);
}

/** Why a running run stops before its end: a user's cancel, or the process shutting down (resumable later). */
export type StopCause = 'cancel' | 'shutdown';

/** The final status of a run stopped early for `cause`. */
export function stoppedStatus(cause: StopCause): 'cancelled' | 'interrupted' {
  return cause === 'cancel' ? 'cancelled' : 'interrupted';
}
