/**
 * `node --conditions=source --import tsx tools/src/scripts/profile-step.ts [backend] [steps] [dense|conv] [repeats] [--shapes]`:
 * per-kernel time of one training step trained by core's train(): an epoch of `steps` steps (default 4) is profiled
 * `repeats` times (default 5) after a warm-up, and per kernel the least time over the repeats, divided by `steps`, is
 * reported (min-of-N: the machine may be shared, and other processes only ever add time). Each epoch also pays
 * train()'s once-per-call work (optimizer slots, the end-of-epoch probe), spread over its steps:
 * `dense` is the `pnpm bench ae` model (784-1000-784 sigmoid, BCE, Adam, batch 128), `conv` the CIFAR document's
 * 1,495-parameter conv autoencoder (the cifar-conv preset's, as in `pnpm bench conv`; 32x32x3, BCE, Adam, batch 128). Kernel times are wall
 * times of synchronous CPU-side kernels (wasm, blas, cpu). `--shapes` lists each kernel once per input shapes.
 */
import * as tf from '@tensorflow/tfjs';
import { AutoEncoder, ConvAutoEncoder, buildModel, getPreset, parseRunConfig, train } from '@aelab/core';
import { selectBackend } from '@aelab/core/node';

const byShape = process.argv.includes('--shapes');
const args = process.argv.slice(2).filter((a) => a !== '--shapes');
const backend = args[0] ?? 'blas';
const steps = Number(args[1] ?? 4);
const repeats = Number(args[3] ?? 5);
await selectBackend(backend);
const kind = args[2] ?? 'dense';
const training = { optimizer: { type: 'adam' }, learningRate: 1e-3, loss: 'bce', batchSize: 128, shuffle: false, validationFraction: 0 } as const;
const dense = { type: 'dense', layers: [{ units: 1000, activation: 'sigmoid' }], outputActivation: 'sigmoid' } as const;
if (kind !== 'dense' && kind !== 'conv') throw new Error(`model must be dense or conv, got ${kind}`);
const config = parseRunConfig({ seed: 1, model: kind === 'dense' ? dense : getPreset('cifar-conv').config.model, training });
const shape = kind === 'dense' ? [784] : [32, 32, 3];
const per = shape.reduce((p, d) => p * d, 1);
const model = buildModel(config.model, shape, { seed: 1 });
if (!(model instanceof AutoEncoder || model instanceof ConvAutoEncoder)) throw new Error('expected a single autoencoder');
const features = new Float32Array(128 * Math.max(2, steps) * per).map((_, i) => ((i * 7919) % 1000) / 1000);
const run = (count: number) => train(model, { features, shape, count }, { training: { ...config.training, epochs: 1 }, seed: 1 });
await run(256);
const best = new Map<string, { ms: number; calls: number }>();
let bestWall = Infinity;
for (let r = 0; r < repeats; r++) {
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    await run(128 * steps);
    return tf.scalar(0);
  });
  bestWall = Math.min(bestWall, (performance.now() - t0) / steps);
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    // tf.profile also lists customGrad scopes ("forward"), whose time includes their kernels: left out.
    if (k.name === 'forward' || k.name === 'unnamed scope') continue;
    const key = byShape ? `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join(' ')}` : k.name;
    const e = byName.get(key) ?? { ms: 0, calls: 0 };
    e.ms += Number(k.kernelTimeMs) || 0;
    e.calls += 1;
    byName.set(key, e);
  }
  for (const [name, e] of byName) {
    const prior = best.get(name);
    if (!prior || e.ms < prior.ms) best.set(name, e);
  }
}
const rows = [...best.entries()].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((s, [, e]) => s + e.ms, 0);
const calls = rows.reduce((s, [, e]) => s + e.calls, 0);
console.log(`${backend} ${kind}: best of ${repeats} epochs of ${steps} steps: ${bestWall.toFixed(1)} ms/step wall (profiled), kernels ${(total / steps).toFixed(1)} ms/step (sum of per-kernel minima), ${(calls / steps).toFixed(1)} kernels/step`);
for (const [name, e] of rows) console.log(`${name.padEnd(byShape ? 60 : 28)} ${(e.ms / steps).toFixed(2).padStart(8)} ms/step  ${(e.calls / steps).toFixed(1).padStart(6)} calls/step`);
model.dispose();
