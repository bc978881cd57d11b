/**
 * `node --conditions=source --import tsx tools/src/scripts/profile-step.ts [backend] [batches]`: per-kernel time of
 * the `pnpm bench ae` model (784-1000-784 sigmoid, BCE, Adam, batch 128) trained by core's train(), summed over
 * `batches` steps after a warm-up. Kernel times are wall times of synchronous CPU-side kernels (wasm, blas, cpu).
 */
import * as tf from '@tensorflow/tfjs';
import { AutoEncoder, denseAutoEncoderConfig, parseRunConfig, train } from '@aelab/core';
import { selectBackend } from '@aelab/core/node';

const backend = process.argv[2] ?? 'blas';
const batches = Number(process.argv[3] ?? 4);
await selectBackend(backend);
const config = parseRunConfig({
  seed: 1,
  model: { type: 'dense', layers: [{ units: 1000, activation: 'sigmoid' }], outputActivation: 'sigmoid' },
  training: { optimizer: { type: 'adam' }, learningRate: 1e-3, loss: 'bce', batchSize: 128, shuffle: false, validationFraction: 0 },
});
if (config.model.type !== 'dense') throw new Error('unreachable');
const model = new AutoEncoder(denseAutoEncoderConfig(config.model, [784]), { seed: 1 });
const features = new Float32Array(128 * batches * 784).map((_, i) => (i * 7919) % 1000 / 1000);
const run = (count: number) => train(model, { features, shape: [784], count }, { training: { ...config.training, epochs: 1 }, seed: 1 });
await run(256);
const t0 = performance.now();
const info = await tf.profile(async () => {
  await run(128 * batches);
  return tf.scalar(0);
});
const wall = performance.now() - t0;
const byName = new Map<string, { ms: number; calls: number }>();
for (const k of info.kernels) {
  const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
  e.ms += Number(k.kernelTimeMs) || 0;
  e.calls += 1;
  byName.set(k.name, e);
}
const rows = [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((s, [, e]) => s + e.ms, 0);
console.log(`${backend}: ${batches} steps, ${(wall / batches).toFixed(1)} ms/step wall (profiled), kernels ${(total / batches).toFixed(1)} ms/step, ${Math.round(info.kernels.length / batches)} kernels/step`);
for (const [name, e] of rows) console.log(`${name.padEnd(28)} ${(e.ms / batches).toFixed(2).padStart(8)} ms/step  ${(e.calls / batches).toFixed(0).padStart(4)} calls/step`);
model.dispose();
