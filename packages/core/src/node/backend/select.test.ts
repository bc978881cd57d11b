import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { findWasmDir } from './wasm-files.js';
import { listBackends, selectBackend } from './select.js';

describe('selectBackend in Node', () => {
  it('finds the .wasm binaries of the installed package', () => {
    const dir = findWasmDir();
    expect(dir).toBeDefined();
    for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) expect(existsSync(join(dir!, file))).toBe(true);
  });

  it('selects a named backend', async () => {
    expect(await selectBackend('cpu')).toMatchObject({ requested: 'cpu', backend: 'cpu', tfBackend: 'cpu', skipped: [] });
    const wasm = await selectBackend('wasm');
    expect(wasm).toMatchObject({ backend: 'wasm', tfBackend: 'wasm' });
    expect(wasm.detail).toMatch(/^SIMD (on|off), \d+ threads?$/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('auto skips every better backend with a reason, in order, and never picks worse than WASM here', async () => {
    const s = await selectBackend('auto');
    const order = ['node-gpu', 'node', 'webgpu', 'blas', 'wasm', 'cpu'];
    const chosen = order.indexOf(s.backend);
    expect(chosen).toBeGreaterThanOrEqual(0);
    expect(chosen).toBeLessThanOrEqual(order.indexOf('wasm'));
    expect(s.skipped.map((k) => k.backend)).toEqual(order.slice(0, chosen));
    for (const k of s.skipped) expect(k.reason.length).toBeGreaterThan(0);
  });

  it('reports a missing native backend as BACKEND_UNAVAILABLE, never as a crash', async () => {
    const installed = (name: string) => {
      try {
        createRequire(import.meta.url).resolve(name);
        return true;
      } catch {
        return false;
      }
    };
    if (installed('@tensorflow/tfjs-node')) return;
    await expect(selectBackend('node')).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE', message: 'backend node is not available: @tensorflow/tfjs-node is not installed' });
  });

  it('rejects webgl in Node and unknown names', async () => {
    await expect(selectBackend('webgl')).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE', message: 'backend webgl is not available: WebGL exists only in browsers' });
    await expect(selectBackend('gpu')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('lists every backend and leaves auto active', async () => {
    const report = await listBackends();
    expect(report.backends.map((b) => b.backend).sort()).toEqual(['blas', 'cpu', 'node', 'node-gpu', 'wasm', 'webgl', 'webgpu']);
    expect(report.backends.find((b) => b.backend === 'cpu')).toMatchObject({ available: true });
    for (const b of report.backends) if (!b.available) expect(b.reason).toBeTruthy();
    expect(tf.getBackend()).toBe(report.auto.tfBackend);
  });
});
