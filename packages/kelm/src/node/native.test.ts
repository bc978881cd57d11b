import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KelmError } from '../errors.js';
import { kelmFit } from '../kelm.js';
import type { Kernel } from '../kernels.js';
import { setNativeSolver } from '../native.js';
import { spdSolve64 } from '../linalg/dense64.js';
import { predict } from '../predict.js';
import { createRng } from '../random.js';
import { nativeAddonPath, useNativeSolver } from './native.js';

// CI builds the addon and sets AELAB_REQUIRE_NATIVE=1, so there a missing build fails instead of skipping.
const built = existsSync(nativeAddonPath());
if (process.env.AELAB_REQUIRE_NATIVE === '1' && !built) throw new Error(`AELAB_REQUIRE_NATIVE=1 but ${nativeAddonPath()} is not built`);

function problem(rows: number, cols: number, seed: number) {
  const rng = createRng(seed);
  const data = Float32Array.from({ length: rows * cols }, () => rng.next());
  const labels = Int32Array.from({ length: rows }, (_, i) => (data[i * cols]! > 0.5 ? 1 : 0) + (i % 3 === 0 ? 2 : 0));
  return { x: { data, rows, cols }, labels };
}

describe('solver method native without the addon installed', () => {
  it('says how to get it', async () => {
    setNativeSolver(null);
    const { x, labels } = problem(20, 3, 1);
    const err = await kelmFit(x, labels, { kernel: { type: 'linear' }, C: 1, solver: { method: 'native' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KelmError);
    expect((err as KelmError).code).toBe('NATIVE_UNAVAILABLE');
    expect((err as KelmError).message).toContain('build-native');
  });
});

describe.skipIf(!built)('the native (OpenBLAS) exact solver', () => {
  it('installs', () => {
    expect(useNativeSolver()).toMatchObject({ ok: true });
  });

  it.each<[string, Kernel, number]>([
    ['gaussian', { type: 'gaussian', sigma: 0.8 }, 100],
    ['gaussian-huang', { type: 'gaussian-huang', width: 2 }, 1e4],
    ['linear', { type: 'linear' }, 10],
    ['polynomial', { type: 'polynomial', degree: 2, scale: 1, offset: 1 }, 10],
  ])('gives the float64 JS solution (%s kernel)', async (_, kernel, C) => {
    useNativeSolver();
    const { x, labels } = problem(150, 6, 7);
    const native = await kelmFit(x, labels, { kernel, C, solver: { method: 'native' } });
    expect(native.solve.method).toBe('native');
    expect(native.solve.relativeResidual).toBeLessThan(1e-10);
    // The same system formed in float64 from the float32 inputs, solved by the package's JS Cholesky.
    const { rows: n, cols: d, data } = x;
    const k = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        let dist = 0;
        for (let t = 0; t < d; t++) {
          dot += data[i * d + t]! * data[j * d + t]!;
          dist += (data[i * d + t]! - data[j * d + t]!) ** 2;
        }
        const rate = kernel.type === 'gaussian' ? 1 / (2 * kernel.sigma ** 2) : kernel.type === 'gaussian-huang' ? 1 / kernel.width : 0;
        k[i * n + j] = kernel.type === 'linear' ? dot : kernel.type === 'polynomial' ? (kernel.scale * dot + kernel.offset) ** kernel.degree : Math.exp(-rate * dist);
      }
      k[i * n + i]! += 1 / C;
    }
    const c = native.classes.length;
    const y = new Float64Array(n * c);
    for (let i = 0; i < n; i++) y[i * c + native.classes.indexOf(labels[i]!)] = 1;
    const reference = spdSolve64(k, n, y, c);
    let scale = 0;
    for (const v of reference) scale = Math.max(scale, Math.abs(v));
    for (let t = 0; t < reference.length; t++) expect(Math.abs(native.coef[t]! - reference[t]!)).toBeLessThan(1e-8 * scale);
    const fitted = predict(native, x).labels;
    expect(fitted.filter((v, i) => v === labels[i]).length).toBeGreaterThan(n / 2);
  });

  it('fails loudly on a matrix that is not positive definite to working precision', async () => {
    useNativeSolver();
    const { x, labels } = problem(30, 4, 3);
    // A linear kernel of 30 points in 4 dimensions has rank 4; I/C with C = 1e300 leaves pivots of rounding noise.
    const err = await kelmFit(x, labels, { kernel: { type: 'linear' }, C: 1e300, solver: { method: 'native' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KelmError);
    expect((err as KelmError).code).toBe('NOT_POSITIVE_DEFINITE');
  });
});
