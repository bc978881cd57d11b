import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { cpuCandidate } from './browser.js';
import { listFrom, selectFrom } from './select.js';
import type { BackendCandidate, BackendName } from './types.js';

/** Candidates that fail with a fixed reason, ending in the real CPU backend. */
function candidates(failing: BackendName[]): BackendCandidate[] {
  return [...failing.map((name) => ({ name, tfName: name, activate: () => Promise.resolve({ ok: false as const, reason: `${name} is missing here` }) })), cpuCandidate()];
}

describe('selectFrom', () => {
  it('auto takes the first candidate that starts and says why better ones were skipped', async () => {
    const s = await selectFrom('auto', candidates(['webgpu', 'wasm']), ['webgpu', 'wasm', 'cpu']);
    expect(s).toMatchObject({
      requested: 'auto',
      backend: 'cpu',
      tfBackend: 'cpu',
      skipped: [
        { backend: 'webgpu', reason: 'webgpu is missing here' },
        { backend: 'wasm', reason: 'wasm is missing here' },
      ],
    });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('auto only tries candidates in its order', async () => {
    const s = await selectFrom('auto', candidates(['webgl']), ['cpu']);
    expect(s.skipped).toEqual([]);
  });

  it('a named backend that cannot start is BACKEND_UNAVAILABLE with the reason', async () => {
    const err = await selectFrom('wasm', candidates(['wasm']), ['wasm', 'cpu']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect(err).toMatchObject({ code: 'BACKEND_UNAVAILABLE', message: 'backend wasm is not available: wasm is missing here' });
  });

  it('a name with no candidate here is BACKEND_UNAVAILABLE, an unknown name INVALID_ARGUMENT', async () => {
    await expect(selectFrom('webgl', candidates([]), ['cpu'])).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    await expect(selectFrom('tpu', candidates([]), ['cpu'])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('auto with nothing available is BACKEND_UNAVAILABLE listing every reason', async () => {
    const none: BackendCandidate[] = [{ name: 'cpu', tfName: 'cpu', activate: () => Promise.resolve({ ok: false, reason: 'broken' }) }];
    await expect(selectFrom('auto', none, ['cpu'])).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE', message: 'no backend could start: cpu: broken' });
  });

  it('listFrom reports every candidate and what auto picks', async () => {
    const report = await listFrom(candidates(['webgpu', 'webgl']), ['webgpu', 'cpu']);
    expect(report.backends).toEqual([
      { backend: 'webgpu', available: false, reason: 'webgpu is missing here' },
      { backend: 'cpu', available: true },
      { backend: 'webgl', available: false, reason: 'webgl is missing here' },
    ]);
    expect(report.auto.backend).toBe('cpu');
  });
});
