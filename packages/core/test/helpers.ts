import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { it } from 'vitest';
import { Rng } from '../src/layers/random.js';
import { blasAddonPath } from '../src/node/backend/blas/addon.js';
import { selectBackend } from '../src/node/backend/select.js';

/** Runs a file's tests on tf.js' plain CPU backend (exact, and what every machine has). */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/**
 * The CPU-side backends a test can run on here: cpu and wasm always, blas when its addon is built (CI builds it and
 * sets AELAB_REQUIRE_NATIVE=1, where blas's own tests fail if it is missing).
 */
export function testBackends(): string[] {
  return ['cpu', 'wasm', ...(existsSync(blasAddonPath()) ? ['blas'] : [])];
}

/**
 * One test per backend of testBackends() (tfjs-layers' "one suite on every backend"): `body` runs with that backend
 * active, and the file's CPU backend is restored afterwards. Titles end with the backend's name.
 */
export function itOnEachBackend(title: string, body: () => void | Promise<void>): void {
  for (const backend of testBackends()) {
    it(`${title} (${backend})`, async () => {
      await selectBackend(backend);
      try {
        await body();
      } finally {
        await useCpu();
      }
    });
  }
}

/**
 * Compares the analytic gradient of `loss` with respect to `variable` with central finite differences at a few
 * entries. `loss` must be deterministic (stochastic layers get a fresh generator with the same seed on every call).
 */
export function gradientCheck(
  loss: () => tf.Scalar,
  variable: tf.Variable,
  options: { entries?: number; eps?: number; seed?: number } = {},
): { analytic: number[]; numeric: number[] } {
  const eps = options.eps ?? 1e-2;
  const grads = tf.variableGrads(loss, [variable]);
  const g = grads.grads[variable.name]!.dataSync();
  tf.dispose([grads.value, ...Object.values(grads.grads)]);
  const rng = new Rng(options.seed ?? 7, 'gradcheck');
  const n = variable.size;
  const picks = Array.from({ length: Math.min(options.entries ?? 6, n) }, () => rng.int(n));
  const analytic: number[] = [];
  const numeric: number[] = [];
  const original = variable.dataSync().slice() as Float32Array;
  const evalAt = (i: number, delta: number): number => {
    const v = original.slice();
    v[i] = v[i]! + delta;
    tf.tidy(() => variable.assign(tf.tensor(v, variable.shape)));
    const l = tf.tidy(() => loss().dataSync()[0]!);
    return l;
  };
  for (const i of picks) {
    const plus = evalAt(i, eps);
    const minus = evalAt(i, -eps);
    numeric.push((plus - minus) / (2 * eps));
    analytic.push(g[i]!);
  }
  tf.tidy(() => variable.assign(tf.tensor(original, variable.shape)));
  return { analytic, numeric };
}

export function expectClose(actual: number[], expected: number[], tol = { abs: 2e-3, rel: 2e-2 }): void {
  actual.forEach((a, i) => {
    const e = expected[i]!;
    const diff = Math.abs(a - e);
    if (diff > tol.abs + tol.rel * Math.abs(e)) {
      throw new Error(`entry ${i}: ${a} vs ${e} (diff ${diff})`);
    }
  });
}

export function uniformData(count: number, features: number, seed = 1): Float32Array {
  return new Rng(seed, 'data').uniformArray(count * features);
}

/** Two well separated clusters of `features`-dim points in [0, 1] with labels 0 and 1. */
export function twoClusters(count: number, features: number, seed = 1): { features: Float32Array; labels: Int32Array; shape: number[]; count: number } {
  const rng = new Rng(seed, 'clusters');
  const out = new Float32Array(count * features);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    labels[i] = label;
    for (let j = 0; j < features; j++) {
      const centre = (j % 2 === label ? 0.8 : 0.2);
      out[i * features + j] = Math.min(1, Math.max(0, centre + 0.08 * rng.normal()));
    }
  }
  return { features: out, labels, shape: [features], count };
}

/**
 * Runs `fn` with synchronous tensor reads (dataSync, arraySync) failing, as they do on WebGPU in Node, so a test
 * shows a code path reads asynchronously only.
 */
export async function withoutSyncReads<T>(fn: () => Promise<T>): Promise<T> {
  const engine = tf.engine();
  const readSync = engine.readSync;
  engine.readSync = () => {
    throw new Error('synchronous read (dataSync) during a no-sync section');
  };
  try {
    return await fn();
  } finally {
    engine.readSync = readSync;
  }
}
