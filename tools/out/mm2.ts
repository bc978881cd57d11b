import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@aelab/core/node';
await selectBackend('wasm', { wasmThreads: Number(process.env.T ?? 1) });
const x = tf.randomUniform([128, 784]) as tf.Tensor2D;
let w = tf.randomUniform([784, 1000]) as tf.Tensor2D;
const cases: Record<string, () => void> = {
  plain: () => tf.matMul(x, w).dispose(),
  viaT: () => tf.tidy(() => tf.transpose(tf.matMul(tf.transpose(w), tf.transpose(x)))).dispose(),
  transW: () => tf.transpose(w).dispose(),
  transX: () => tf.transpose(x).dispose(),
};
const names = process.argv.slice(2);
const res: Record<string, number[]> = {};
for (let round = 0; round < 8; round++) {
  for (const name of names) {
    const reps = 10;
    const c0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) { cases[name]!(); const n = tf.clone(w); w.dispose(); w = n as tf.Tensor2D; }
    const c = process.cpuUsage(c0);
    (res[name] ??= []).push((c.user + c.system) / 1000 / reps);
  }
}
for (const [k, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(k.padEnd(10), 'min', v[0]!.toFixed(2), 'median', v[4]!.toFixed(2), 'ms cpu'); }
