/**
 * `node --conditions=source --import tsx tools/src/scripts/profile-step.ts [backend] [batches] [dense|conv]`:
 * per-kernel time of one training step trained by core's train(), the least over `batches` separately profiled steps after a warm-up:
 * `dense` is the `pnpm bench ae` model (784-1000-784 sigmoid, BCE, Adam, batch 128), `conv` the CIFAR document's
 * 1,495-parameter conv autoencoder of `pnpm bench conv` (32x32x3, BCE, Adam, batch 128). Kernel times are wall
 * times of synchronous CPU-side kernels (wasm, blas, cpu).
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, parseRunConfig, train } from '@aelab/core';
import { selectBackend } from '@aelab/core/node';

const backend = process.argv[2] ?? 'blas';
const batches = Number(process.argv[3] ?? 4);
await selectBackend(backend);
const kind = process.argv[4] ?? 'dense';
const training = { optimizer: { type: 'adam' }, learningRate: 1e-3, loss: 'bce', batchSize: 128, shuffle: false, validationFraction: 0 } as const;
const dense = { type: 'dense', layers: [{ units: 1000, activation: 'sigmoid' }], outputActivation: 'sigmoid' } as const;
const conv = {
  type: 'conv',
  layers: [
    { type: 'conv2d', filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'maxPool', poolSize: 2 },
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'maxPool', poolSize: 2 },
    { type: 'conv2dTranspose', filters: 16, kernelSize: 2, strides: 2, activation: 'relu' },
    { type: 'conv2dTranspose', filters: 3, kernelSize: 2, strides: 2, activation: 'sigmoid' },
  ],
} as const;
if (kind !== 'dense' && kind !== 'conv') throw new Error(`model must be dense or conv, got ${kind}`);
const config = parseRunConfig({ seed: 1, model: kind === 'dense' ? dense : conv, training });
const shape = kind === 'dense' ? [784] : [32, 32, 3];
const per = shape.reduce((p, d) => p * d, 1);
const model = buildModel(config.model, shape, { seed: 1 });
const features = new Float32Array(256 * per).map((_, i) => ((i * 7919) % 1000) / 1000);
const run = (count: number) => train(model, { features, shape, count }, { training: { ...config.training, epochs: 1 }, seed: 1 });
await run(256);
// Each step profiled on its own; per kernel name the least time over the steps is kept (min-of-N: the machine may
// be shared, and other processes only ever add time).
const best = new Map<string, { ms: number; calls: number }>();
let bestWall = Infinity;
for (let step = 0; step < batches; step++) {
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    await run(128);
    return tf.scalar(0);
  });
  bestWall = Math.min(bestWall, performance.now() - t0);
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    // tf.profile also lists customGrad scopes ("forward"), whose time includes their kernels: left out.
    if (k.name === 'forward' || k.name === 'unnamed scope') continue;
    const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += Number(k.kernelTimeMs) || 0;
    e.calls += 1;
    byName.set(k.name, e);
  }
  for (const [name, e] of byName) {
    const prior = best.get(name);
    if (!prior || e.ms < prior.ms) best.set(name, e);
  }
}
const rows = [...best.entries()].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((s, [, e]) => s + e.ms, 0);
const calls = rows.reduce((s, [, e]) => s + e.calls, 0);
console.log(`${backend} ${kind}: min over ${batches} steps: ${bestWall.toFixed(1)} ms/step wall (profiled), kernels ${total.toFixed(1)} ms (sum of per-kernel minima), ${calls} kernels/step`);
for (const [name, e] of rows) console.log(`${name.padEnd(28)} ${e.ms.toFixed(2).padStart(8)} ms  ${String(e.calls).padStart(4)} calls`);
model.dispose();
