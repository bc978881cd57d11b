import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@aelab/core/node';
export default async function (argv: string[]) {
  const n = Number(argv[0] ?? 6000), T = Number(argv[1] ?? 256), threads = Number(argv[2] ?? 2), d = 784;
  await selectBackend('wasm', { wasmThreads: threads });
  const x = tf.randomUniform([2048, d]) as tf.Tensor2D;
  const restBig = new Float32Array(n * n / 4 + n * T).fill(0.5);
  const t0 = performance.now(); let tk = 0, tu = 0, tt = 0;
  for (let s = 0; s < n; s += T) {
    const rows = n - s;
    let a = performance.now();
    const bT = tf.randomUniform([d, T]) as tf.Tensor2D;
    for (let c = Math.floor(s / 2048) * 2048; c < n; c += 2048) { const m = tf.matMul(x, bT); m.dataSync(); m.dispose(); }
    bT.dispose(); tk += performance.now() - a; a = performance.now();
    if (s > 0) { const r = tf.tensor2d(restBig.subarray(0, rows * s), [rows, s]); const q = tf.tensor2d(restBig.subarray(0, s * T), [s, T]); const u = tf.matMul(r, q); u.dataSync(); u.dispose(); r.dispose(); q.dispose(); }
    tu += performance.now() - a; a = performance.now();
    if (rows > T) { const b = tf.tensor2d(restBig.subarray(0, (rows - T) * T), [rows - T, T]); const w = tf.tensor2d(restBig.subarray(0, T * T), [T, T]); const l = tf.matMul(b, w); l.dataSync(); l.dispose(); b.dispose(); w.dispose(); }
    tt += performance.now() - a;
  }
  console.log(`n=${n} T=${T} threads=${threads}: gemm-only ${((performance.now() - t0) / 1000).toFixed(2)} s (kernel ${(tk / 1000).toFixed(2)}, update ${(tu / 1000).toFixed(2)}, trsm ${(tt / 1000).toFixed(2)})`);
  process.exit(0);
}
