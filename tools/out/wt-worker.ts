import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { AutoEncoder, denseAutoEncoderConfig, parseRunConfig, train } from '@aelab/core';
import { selectBackend } from '@aelab/core/node';
const { threads, samples } = workerData as { threads: number; samples: number };
const t0 = performance.now();
const s = await selectBackend('wasm', { wasmThreads: threads });
const startMs = performance.now() - t0;
const a = tf.randomUniform([70, 90], -1, 1, 'float32', 1), b = tf.randomUniform([90, 110], -1, 1, 'float32', 2);
const prod = await tf.matMul(a, b).data();
const config = parseRunConfig({ seed: 1, model: { type: 'dense', layers: [{ units: 1000, activation: 'sigmoid' }] }, training: { loss: 'bce', batchSize: 128, validationFraction: 0, epochs: 1 } });
if (config.model.type !== 'dense') throw new Error();
const model = new AutoEncoder(denseAutoEncoderConfig(config.model, [784]), { seed: 1 });
const features = new Float32Array(samples * 784).map((_, i) => (i * 7919 % 1000) / 1000);
const epochs: number[] = [];
for (let e = 0; e < 3; e++) {
  const c0 = process.cpuUsage(); const w0 = performance.now();
  const r = await train(model, { features, shape: [784], count: samples }, { training: config.training, seed: 1 });
  epochs.push(performance.now() - w0);
  void c0; void r;
}
parentPort!.postMessage({ detail: s.detail, startMs, prodSum: prod.reduce((x, y) => x + y, 0), epochsMs: epochs });
