/**
 * WebGPU check for a GPU machine: selects the backend (webgpu by default), trains a few steps of the 784-1000-784
 * sigmoid autoencoder printing the losses, compares them with the same steps on WASM, then times one epoch.
 *
 *   node --conditions=source --import tsx tools/src/webgpu-check.ts [--backend webgpu] [--steps 5] [--samples 6000]
 *
 * or, on a machine without the workspace installed, the self-contained bundle (see tools/README.md):
 *
 *   node tools/dist/webgpu-check/webgpu-check.mjs
 *
 * Exit code 0 when the backend trains and agrees with WASM, 1 when it is unavailable or disagrees.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@aelab/core/node';
import { seededValues } from '@aelab/datasets';

const INPUT = 784;
const HIDDEN = 1000;
const BATCH = 128;

interface Trainer {
  step(start: number, size: number): tf.Scalar;
  dispose(): void;
}

/** The benchmark's raw step: autodiff, tf.losses.sigmoidCrossEntropy, tf.train.adam; weights from fixed seeds. */
function trainer(data: Float32Array, samples: number): Trainer {
  const limit1 = Math.sqrt(6 / (INPUT + HIDDEN));
  const x = tf.tensor2d(data, [samples, INPUT]);
  const w1 = tf.variable(tf.tensor2d(seededValues(INPUT * HIDDEN, 1, -limit1, limit1), [INPUT, HIDDEN]));
  const b1 = tf.variable(tf.zeros([HIDDEN]));
  const w2 = tf.variable(tf.tensor2d(seededValues(HIDDEN * INPUT, 2, -limit1, limit1), [HIDDEN, INPUT]));
  const b2 = tf.variable(tf.zeros([INPUT]));
  const optimizer = tf.train.adam(1e-3);
  return {
    step: (start, size) =>
      tf.tidy(() => {
        const batch = tf.slice(x, [start, 0], [size, INPUT]);
        return optimizer.minimize(() => {
          const h = tf.sigmoid(tf.add(tf.matMul(batch, w1), b1));
          return tf.losses.sigmoidCrossEntropy(batch, tf.add(tf.matMul(h, w2), b2)) as tf.Scalar;
        }, true)!;
      }),
    dispose: () => {
      optimizer.dispose();
      tf.dispose([x, w1, b1, w2, b2]);
    },
  };
}

/** Losses of the first `steps` steps; each read asynchronously (WebGPU in Node has no synchronous read-back). */
async function losses(data: Float32Array, samples: number, steps: number): Promise<number[]> {
  const t = trainer(data, samples);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = t.step((i * BATCH) % samples, BATCH);
    out.push((await loss.data())[0]!);
    loss.dispose();
  }
  t.dispose();
  return out;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      backend: { type: 'string', default: 'webgpu' },
      steps: { type: 'string', default: '5' },
      samples: { type: 'string', default: '6000' },
    },
  });
  const backend = values.backend;
  const steps = Number(values.steps);
  const samples = Number(values.samples);
  const data = seededValues(samples * INPUT, 42, 0, 1);

  let detail: string | undefined;
  try {
    const selection = await selectBackend(backend);
    detail = selection.detail;
  } catch (err) {
    console.log(`${backend}: unavailable: ${(err as Error).message}`);
    return 1;
  }
  console.log(`${backend}: selected (tf.js backend ${tf.getBackend()}${detail ? `, ${detail}` : ''})`);
  const got = await losses(data, samples, steps);
  console.log(`${backend} losses: ${got.map((l) => l.toFixed(6)).join(' ')}`);

  await selectBackend('wasm');
  const expected = await losses(data, samples, steps);
  console.log(`wasm losses:   ${expected.map((l) => l.toFixed(6)).join(' ')}`);
  const maxDiff = Math.max(...got.map((l, i) => Math.abs(l - expected[i]!)));
  const agrees = got.every(Number.isFinite) && maxDiff < 1e-3;
  console.log(`max |difference| ${maxDiff.toExponential(2)}: ${agrees ? 'agrees with WASM' : 'DISAGREES with WASM'}`);

  await selectBackend(backend);
  const t = trainer(data, samples);
  const warm = t.step(0, BATCH);
  await warm.data();
  warm.dispose();
  const t0 = performance.now();
  let last: tf.Scalar | undefined;
  for (let start = 0; start < samples; start += BATCH) {
    const loss = t.step(start, Math.min(BATCH, samples - start));
    last?.dispose();
    last = loss;
  }
  const finalLoss = (await last!.data())[0]!;
  last!.dispose();
  const seconds = (performance.now() - t0) / 1000;
  t.dispose();
  console.log(`${backend} epoch: ${samples} samples in ${seconds.toFixed(2)} s = ${Math.round(samples / seconds)} samples/s (loss ${finalLoss.toFixed(4)})`);
  console.log(JSON.stringify({ backend, detail, losses: got, wasmLosses: expected, agrees, samples, seconds, samplesPerSecond: Math.round(samples / seconds) }));
  return agrees ? 0 : 1;
}

process.exitCode = await main();
