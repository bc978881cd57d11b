/**
 * Names of the tensor engines aelab can run on. `node-gpu` and `node` are the native tfjs-node builds (Node only,
 * never dependencies), `blas` is WASM with OpenBLAS products (Node only, with @aelab/core's optional addon built),
 * `webgl` exists only in browsers, the others everywhere.
 */
export const backendNames = ['node-gpu', 'node', 'webgpu', 'webgl', 'blas', 'wasm', 'cpu'] as const;
export type BackendName = (typeof backendNames)[number];
export type BackendRequest = 'auto' | BackendName;

/** The order `auto` tries in Node, best first. */
export const nodeAutoOrder: readonly BackendName[] = ['node-gpu', 'node', 'webgpu', 'blas', 'wasm', 'cpu'];
/** The order `auto` tries in a browser, best first. */
export const browserAutoOrder: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export function isBackendRequest(value: string): value is BackendRequest {
  return value === 'auto' || (backendNames as readonly string[]).includes(value);
}

/** The outcome of trying one backend. */
export type ProbeResult = { ok: true; detail?: string } | { ok: false; reason: string };

export interface BackendStatus {
  backend: BackendName;
  available: boolean;
  /** Why it is not available, or a detail about it when it is (adapter name, WASM features...). */
  reason?: string;
  detail?: string;
}

export interface BackendSelection {
  requested: BackendRequest;
  /** What was chosen (and is now tf.js's active backend). */
  backend: BackendName;
  /** tf.js's own name of the active backend: 'tensorflow', 'webgpu', 'webgl', 'blas', 'wasm' or 'cpu'. */
  tfBackend: string;
  detail?: string;
  /** Every better candidate that was tried and not taken, with the reason, in the order tried. */
  skipped: { backend: BackendName; reason: string }[];
}

/**
 * One way to run tf.js. `activate` makes it tf.js's current backend or says why it can't; it must never throw
 * and should give up quickly (a missing GPU is a normal outcome, not an error).
 */
export interface BackendCandidate {
  name: BackendName;
  /** tf.js's registry name once activated. */
  tfName: string;
  activate(): Promise<ProbeResult>;
}
