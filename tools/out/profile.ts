// Per-kernel time of a few training steps: model path (train's inner step) vs hand-written fast step.
import * as tf from '@tensorflow/tfjs';
import { AutoEncoder, FusedAdam, createOptimizer, denseAutoEncoderConfig, meanBceWithLogits, parseRunConfig } from '@aelab/core';
import { selectBackend } from '@aelab/core/node';

await selectBackend('wasm', { wasmThreads: Number(process.env.T ?? 1) });
const which = process.argv[2] ?? 'model';
const steps = Number(process.argv[3] ?? 10);
const config = parseRunConfig({ seed: 1, model: { type: 'dense', layers: [{ units: 1000, activation: 'sigmoid' }], outputActivation: 'sigmoid' }, training: { loss: 'bce', batchSize: 128 } });
if (config.model.type !== 'dense') throw new Error();
const model = new AutoEncoder(denseAutoEncoderConfig(config.model, [784]), { seed: 1 });
const vars = model.trainableVariables();
const opt = createOptimizer({ type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, 1e-3);
const fused = new FusedAdam(vars, 1e-3);
const xData = new Float32Array(128 * 784).map(() => Math.random());
const [w1, b1, w2, b2] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
function step(): void {
  tf.tidy(() => {
    const x = tf.tensor(xData, [128, 784]);
    if (which === 'model') {
      const { value, grads } = tf.variableGrads(() => model.lossTerms({ x }, { training: true }, 'bce').total, vars);
      opt.applyGradients(vars, vars.map((v) => grads[v.name]));
      return value;
    }
    const { value, grads } = tf.variableGrads(() => {
      const h = tf.sigmoid(tf.add(tf.matMul(x as tf.Tensor2D, w1), b1));
      return meanBceWithLogits(x, tf.add(tf.matMul(h, w2), b2));
    }, vars);
    fused.apply(vars.map((v) => grads[v.name]!));
    return value;
  });
}
for (let i = 0; i < 3; i++) step();
const agg = new Map<string, { ms: number; n: number }>();
let total = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < steps; i++) {
  const p = await tf.profile(() => step());
  for (const k of p.kernels) {
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    const e = agg.get(key) ?? { ms: 0, n: 0 };
    const ms = await (k.kernelTimeMs as unknown as Promise<number> | number);
    e.ms += ms; e.n++; total += ms;
    agg.set(key, e);
  }
}
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(`${which}: kernel ms/step ${(total / steps).toFixed(1)}, wall ms/step ${(wall / steps).toFixed(1)}, cpu ms/step ${((cpu.user + cpu.system) / 1000 / steps).toFixed(1)}`);
for (const [k, e] of [...agg].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)) console.log(`${(e.ms / steps).toFixed(2).padStart(7)} ms  x${(e.n / steps).toFixed(0)}  ${k}`);
