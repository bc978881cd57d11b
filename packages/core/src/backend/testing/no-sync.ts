import * as tf from '@tensorflow/tfjs';

/** A backend like WebGPU under Node: the cpu backend's kernels, but no synchronous readback. Test support. */
export const NO_SYNC_BACKEND = 'no-sync-test';

export function registerNoSyncBackend(): void {
  if (tf.findBackend(NO_SYNC_BACKEND)) return;
  const cpu = tf.findBackend('cpu');
  if (!cpu) throw new Error('the cpu backend must be registered first');
  tf.registerBackend(NO_SYNC_BACKEND, () => {
    const backend = new (cpu.constructor as new () => tf.KernelBackend)();
    const readSync = backend.readSync.bind(backend);
    backend.read = (dataId: object) => Promise.resolve(readSync(dataId));
    backend.readSync = () => {
      throw new Error('no synchronous reads on this backend');
    };
    return backend;
  });
  for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: NO_SYNC_BACKEND });
}

/**
 * Makes the no-sync backend current and returns how to go back to the previous one: a suite's `beforeAll` and
 * `afterAll` (`restore = await switchToNoSyncBackend()`, then `await restore()`).
 */
export async function switchToNoSyncBackend(): Promise<() => Promise<void>> {
  await tf.ready();
  const previous = tf.getBackend();
  registerNoSyncBackend();
  await tf.setBackend(NO_SYNC_BACKEND);
  return async () => {
    await tf.setBackend(previous);
  };
}
