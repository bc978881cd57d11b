import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '/work/main/packages/core/src/node/index.ts';
import { FusedAdam } from '/work/main/packages/core/src/backend/index.ts';
const threads = Number(process.argv[2] ?? 1); const mode = process.argv[3] ?? 'raw';
await selectBackend(process.argv[4] ?? 'wasm', { wasmThreads: threads });
const N = 6000, B = 128, D = 784, H = 1000;
const data = tf.randomUniform([N, D], 0, 1, 'float32', 1);
const glorot = (i: number, o: number) => tf.randomUniform([i, o], -Math.sqrt(6 / (i + o)), Math.sqrt(6 / (i + o)), 'float32', 2);
const W1 = tf.variable(glorot(D, H)), b1 = tf.variable(tf.zeros([H])), W2 = tf.variable(glorot(H, D)), b2 = tf.variable(tf.zeros([D]));
const opt = tf.train.adam(1e-3);
const fopt = new FusedAdam([W1, b1, W2, b2], 1e-3);
function stepRaw(x: tf.Tensor2D) {
  return opt.minimize(() => {
    const h = tf.sigmoid(tf.add(tf.matMul(x, W1), b1));
    const logits = tf.add(tf.matMul(h, W2), b2);
    return tf.losses.sigmoidCrossEntropy(x, logits) as tf.Scalar;
  }, true)!;
}
function grads(x: tf.Tensor2D) {
  const n = x.size;
  const h = tf.sigmoid(tf.fused.matMul({ a: x, b: W1, bias: b1 }));
  const logits = tf.fused.matMul({ a: h, b: W2, bias: b2 });
  const loss = tf.div(tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits))), n);
  const dl = tf.mul(tf.sub(tf.sigmoid(logits), x), 1 / n);
  const dW2 = tf.matMul(h, dl, true, false);
  const db2 = tf.sum(dl, 0);
  const dh = tf.matMul(dl, W2, false, true);
  const dz1 = tf.mul(dh, tf.mul(h, tf.sub(1, h)));
  const dW1 = tf.matMul(x, dz1, true, false);
  const db1 = tf.sum(dz1, 0);
  return { loss, g: [dW1, db1, dW2, db2] };
}
function stepManual(x: tf.Tensor2D) { const { loss, g } = grads(x); opt.applyGradients({ [W1.name]: g[0]!, [b1.name]: g[1]!, [W2.name]: g[2]!, [b2.name]: g[3]! }); return loss; }
function stepFast(x: tf.Tensor2D) { const { loss, g } = grads(x); fopt.apply(g); return loss; }
function stepRawFused(x: tf.Tensor2D) {
  const { value, grads } = tf.variableGrads(() => {
    const h = tf.sigmoid(tf.add(tf.matMul(x, W1), b1));
    const logits = tf.add(tf.matMul(h, W2), b2);
    return tf.losses.sigmoidCrossEntropy(x, logits) as tf.Scalar;
  }, [W1, b1, W2, b2]);
  fopt.apply([grads[W1.name]!, grads[b1.name]!, grads[W2.name]!, grads[b2.name]!]); return value;
}
const step = ({ raw: stepRaw, manual: stepManual, fast: stepFast, rawfused: stepRawFused } as Record<string, (x: tf.Tensor2D) => tf.Tensor>)[mode]!;
const times: number[] = [];
for (let rep = 0; rep < Number(process.argv[5] ?? 4); rep++) {
  const t0 = performance.now(); let last: tf.Tensor | undefined;
  for (let s = 0; s < N; s += B) {
    const n = Math.min(B, N - s);
    const l = tf.tidy(() => step(data.slice([s, 0], [n, D]) as tf.Tensor2D));
    if (last) last.dispose(); last = l;
  }
  const loss = (await last!.data())[0]!; last!.dispose();
  times.push((performance.now() - t0) / 1000);
  if (rep === 0) console.log(mode, 'loss', loss.toFixed(4), 'tensors', tf.memory().numTensors);
}
const best = Math.min(...times);
console.log(mode, 'threads', threads, 'epochs', times.map((t) => t.toFixed(2)).join(' '), 'best', (N / best).toFixed(0), 'samples/s');
process.exit(0);
