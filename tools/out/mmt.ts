import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@aelab/core/node';
const s = await selectBackend('wasm', { wasmThreads: Number(process.argv[2]) });
const x = tf.randomUniform([128, 784]) as tf.Tensor2D;
const w = tf.randomUniform([784, 1000]) as tf.Tensor2D;
const ts: number[] = [];
for (let i = 0; i < 300; i++) { const t = performance.now(); tf.matMul(x, w).dispose(); ts.push(performance.now() - t); }
ts.sort((a, b) => a - b);
console.log(s.detail, 'gemm 128x784x1000 min', ts[0]!.toFixed(2), 'p10', ts[30]!.toFixed(2), 'median', ts[150]!.toFixed(2));
