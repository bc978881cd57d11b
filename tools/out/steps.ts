// Per-step wall times of core's training step (model path), to compare WASM thread counts: min ~ quiet machine.
import * as tf from '@tensorflow/tfjs';
import { AutoEncoder, createOptimizer, denseAutoEncoderConfig, parseRunConfig } from '@aelab/core';
import { selectBackend } from '@aelab/core/node';
const threads = Number(process.argv[2] ?? 1);
const n = Number(process.argv[3] ?? 150);
const s = await selectBackend('wasm', { wasmThreads: threads });
const config = parseRunConfig({ seed: 1, model: { type: 'dense', layers: [{ units: 1000, activation: 'sigmoid' }] }, training: { loss: 'bce' } });
if (config.model.type !== 'dense') throw new Error();
const model = new AutoEncoder(denseAutoEncoderConfig(config.model, [784]), { seed: 1 });
const vars = model.trainableVariables();
const opt = createOptimizer({ type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, 1e-3);
const xs = new Float32Array(128 * 784).map(() => Math.random());
const times: number[] = [];
const c0 = process.cpuUsage();
for (let i = 0; i < n + 5; i++) {
  const t = performance.now();
  const loss = tf.tidy(() => {
    const x = tf.tensor2d(xs, [128, 784]);
    const { value, grads } = tf.variableGrads(() => model.lossTerms({ x }, { training: true }, 'bce').total, vars);
    opt.applyGradients(vars, vars.map((v) => grads[v.name]));
    return value;
  });
  await loss.data(); loss.dispose();
  if (i >= 5) times.push(performance.now() - t);
}
const c = process.cpuUsage(c0);
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.floor(p * (times.length - 1))]!.toFixed(1);
console.log(`${s.detail}: step ms min ${q(0)} p10 ${q(0.1)} median ${q(0.5)} p90 ${q(0.9)}; cpu ms/step ${((c.user + c.system) / 1000 / (n + 5)).toFixed(1)}`);
