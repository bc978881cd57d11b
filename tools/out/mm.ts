import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@aelab/core/node';
await selectBackend('wasm', { wasmThreads: Number(process.env.T ?? 1) });
const x = tf.randomUniform([128, 784]) as tf.Tensor2D;
let w = tf.randomUniform([784, 1000]) as tf.Tensor2D;
const b = tf.zeros([1000]) as tf.Tensor1D;
const dz = tf.randomUniform([128, 1000]) as tf.Tensor2D;
const cases: Record<string, () => void> = {
  plain: () => tf.matMul(x, w).dispose(),
  plainAdd: () => tf.tidy(() => tf.add(tf.matMul(x, w), b)).dispose(),
  fused: () => tf.fused.matMul({ a: x, b: w, bias: b }).dispose(),
  fusedSig: () => tf.fused.matMul({ a: x, b: w, bias: b, activation: 'sigmoid' }).dispose(),
  xTdz: () => tf.matMul(x, dz, true, false).dispose(),
  dzWT: () => tf.matMul(dz, w, false, true).dispose(),
  newW: () => { const n = tf.clone(w); w.dispose(); w = n as tf.Tensor2D; },
};
const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(cases);
const res: Record<string, number[]> = {};
for (let round = 0; round < 8; round++) {
  for (const name of names) {
    const reps = 10;
    const c0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) { cases[name]!(); if (process.env.NEWW) cases.newW!(); }
    const c = process.cpuUsage(c0);
    (res[name] ??= []).push((c.user + c.system) / 1000 / reps);
  }
}
for (const [k, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(k.padEnd(10), 'min', v[0]!.toFixed(2), 'median', v[4]!.toFixed(2), 'ms cpu'); }
