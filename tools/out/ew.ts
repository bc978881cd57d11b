import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@aelab/core/node';
import { meanBceWithLogits, binaryCrossEntropyFromLogits } from '@aelab/core';
await selectBackend('wasm');
const l = tf.randomNormal([128, 784]);
const x = tf.randomUniform([128, 784]);
const cases: Record<string, () => void> = {
  softplus: () => tf.softplus(l).dispose(),
  sigmoid: () => tf.sigmoid(l).dispose(),
  exp: () => tf.exp(l).dispose(),
  mul: () => tf.mul(l, x).dispose(),
  sum: () => tf.sum(l).dispose(),
  log: () => tf.log(tf.abs(l)).dispose(),
  abs: () => tf.abs(l).dispose(),
  relu: () => tf.relu(l).dispose(),
  logsig: () => tf.tidy(() => tf.sub(tf.relu(l), tf.log(tf.sigmoid(tf.abs(l))))).dispose(),
  sum0: () => tf.sum(l, 0).dispose(),
  bceValGrad: () => tf.tidy(() => { const g = tf.valueAndGrads((z: tf.Tensor) => meanBceWithLogits(x, z))([l]); return g.grads[0]!; }).dispose(),
};
const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(cases);
const res: Record<string, number[]> = {};
for (let round = 0; round < 8; round++) for (const name of names) {
  const reps = 20; const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) cases[name]!();
  const c = process.cpuUsage(c0); (res[name] ??= []).push((c.user + c.system) / 1000 / reps);
}
for (const [k, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(k.padEnd(10), 'min', v[0]!.toFixed(3), 'median', v[4]!.toFixed(3), 'ms cpu'); }
