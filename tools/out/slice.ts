import * as tf from '@tensorflow/tfjs';
import { FusedAdam, meanBceWithLogits } from '@aelab/core';
import { selectBackend } from '@aelab/core/node';
await selectBackend('wasm');
const mode = process.argv[2]!;
const data = tf.randomUniform([6000, 784], 0, 1, 'float32', 42) as tf.Tensor2D;
const host = data.dataSync() as Float32Array;
const g = (a: number, b: number, s: number) => { const l = Math.sqrt(6 / (a + b)); return tf.randomUniform([a, b], -l, l, 'float32', s); };
const w1 = tf.variable(g(784, 1000, 1)), b1 = tf.variable(tf.zeros([1000])), w2 = tf.variable(g(1000, 784, 2)), b2 = tf.variable(tf.zeros([784]));
const vars = [w1, b1, w2, b2];
const opt = new FusedAdam(vars, 1e-3);
function step(x: tf.Tensor2D) {
  const { value, grads } = tf.variableGrads(() => {
    const h = tf.sigmoid(tf.add(tf.matMul(x, w1), b1));
    return meanBceWithLogits(x, tf.add(tf.matMul(h, w2), b2));
  }, vars);
  opt.apply(vars.map((v) => grads[v.name]!));
  return value;
}
for (let r = 0; r < 3; r++) {
  const c0 = process.cpuUsage();
  for (let s = 0; s < 6000; s += 128) {
    const n = Math.min(128, 6000 - s);
    tf.tidy(() => step(mode === 'slice' ? tf.slice(data, [s, 0], [n, 784]) : tf.tensor(host.subarray(s * 784, (s + n) * 784), [n, 784]))).dispose();
  }
  const c = process.cpuUsage(c0);
  console.log(mode, ((c.user + c.system) / 1e6).toFixed(2), 's cpu');
}
