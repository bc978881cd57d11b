import type { ApiClient } from '../api/client.js';
import { describeError, type Problem } from '../api/errors.js';

export type RunActionName = 'cancel' | 'resume' | 'delete';

/** Cancels, resumes or deletes a run; returns the server's objection (e.g. INVALID_STATE) instead of throwing. */
export async function runAction(api: ApiClient, action: RunActionName, id: string): Promise<Problem | null> {
  try {
    if (action === 'cancel') await api.runs.cancel.mutate({ id });
    else if (action === 'resume') await api.runs.resume.mutate({ id });
    else await api.runs.delete.mutate({ id });
    return null;
  } catch (err) {
    return describeError(err);
  }
}
