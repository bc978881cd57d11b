import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../backend/index.js';
import { selectBackend } from './select.js';

/*
 * Test support (not exported from the package): the backends a test suite should run on in this process, in the
 * spirit of tfjs-layers' describeMathCPUAndGPU. cpu and wasm always; webgpu, node and node-gpu only where they start.
 */

let cached: Promise<BackendName[]> | undefined;

export function availableTestBackends(): Promise<BackendName[]> {
  cached ??= (async () => {
    const found: BackendName[] = [];
    for (const name of ['cpu', 'wasm', 'webgpu', 'node'] as const) {
      try {
        await selectBackend(name);
        found.push(name);
      } catch {
        // not available in this process
      }
    }
    await tf.setBackend('cpu');
    return found;
  })();
  return cached;
}

/** Activates a backend for a test (throws if it disappeared since availableTestBackends). */
export async function useBackend(name: BackendName): Promise<void> {
  await selectBackend(name);
}
