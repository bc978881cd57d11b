import * as tf from '@tensorflow/tfjs';
import { CoreError } from '../errors.js';
import { backendNames, isBackendRequest, type BackendCandidate, type BackendName, type BackendRequest, type BackendSelection, type BackendStatus } from './types.js';

function parseRequest(request: string): BackendRequest {
  if (!isBackendRequest(request)) {
    throw new CoreError('INVALID_ARGUMENT', `unknown backend "${request}"; expected auto or one of ${backendNames.join(', ')}`);
  }
  return request;
}

/**
 * Activates the requested backend from `candidates`. `auto` walks `autoOrder` and takes the first that works,
 * recording why each better one was skipped; a named backend that can't run is an error (BACKEND_UNAVAILABLE).
 */
export async function selectFrom(request: string, candidates: readonly BackendCandidate[], autoOrder: readonly BackendName[]): Promise<BackendSelection> {
  const requested = parseRequest(request);
  const byName = new Map(candidates.map((c) => [c.name, c]));
  const skipped: BackendSelection['skipped'] = [];
  if (requested === 'auto') {
    for (const name of autoOrder) {
      const candidate = byName.get(name);
      if (!candidate) continue;
      const result = await candidate.activate();
      if (result.ok) return { requested, backend: name, tfBackend: tf.getBackend(), skipped, ...(result.detail ? { detail: result.detail } : {}) };
      skipped.push({ backend: name, reason: result.reason });
    }
    throw new CoreError('BACKEND_UNAVAILABLE', `no backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
  }
  const candidate = byName.get(requested);
  if (!candidate) throw new CoreError('BACKEND_UNAVAILABLE', `backend ${requested} does not exist in this runtime`);
  const result = await candidate.activate();
  if (!result.ok) throw new CoreError('BACKEND_UNAVAILABLE', `backend ${requested} is not available: ${result.reason}`);
  return { requested, backend: requested, tfBackend: tf.getBackend(), skipped, ...(result.detail ? { detail: result.detail } : {}) };
}

export interface BackendReport {
  backends: BackendStatus[];
  /** What `auto` picks; it is left as the active backend. */
  auto: BackendSelection;
}

/** Tries every candidate (in `autoOrder`, then the rest), then activates what `auto` picks. */
export async function listFrom(candidates: readonly BackendCandidate[], autoOrder: readonly BackendName[]): Promise<BackendReport> {
  const ordered = [...autoOrder.map((n) => candidates.find((c) => c.name === n)).filter((c): c is BackendCandidate => c !== undefined), ...candidates.filter((c) => !autoOrder.includes(c.name))];
  const backends: BackendStatus[] = [];
  for (const candidate of ordered) {
    const result = await candidate.activate();
    backends.push(result.ok ? { backend: candidate.name, available: true, ...(result.detail ? { detail: result.detail } : {}) } : { backend: candidate.name, available: false, reason: result.reason });
  }
  const auto = await selectFrom('auto', candidates, autoOrder);
  return { backends, auto };
}
