/**
 * `pnpm bench ae [--samples 6000] [--backend NAME[,NAME...]] [--json] [--step model|raw|fast|manual[,...]] [--threads N] [--repeat N] [--torch]`
 *
 * Samples/s for one epoch of the 784-1000-784 sigmoid autoencoder (batch 128, Adam 1e-3, BCE from logits, untied
 * weights, Glorot-uniform init, uniform [0,1] data) on every available backend or the named one. The default step
 * is the product path: @aelab/core's AutoEncoder trained by `train()`; the other steps are hand-written tf.js
 * loops for comparison. Each backend gets two warm-up steps, then `repeat` timed epochs; the median is reported
 * (the machine may be shared). Several steps (`--step model,raw`) run their epochs alternately, so a change of
 * load hits them alike. Every timed epoch starts a fresh optimizer (each is one `train()` call for the model step).
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { AutoEncoder, FusedAdam, denseAutoEncoderConfig, meanBceWithLogits, parseRunConfig, train, unpatchWasmKernels, type BackendName } from '@aelab/core';
import { ALL_BACKENDS, epochCounts, epochOptions, median, speed, startBackend, timeEpoch, type Epoch } from './shared/timing.js';
import { torchRow } from './shared/torch.js';
import { report, type Row } from '../report.js';

const INPUT = 784;
const HIDDEN = 1000;
const BATCH = 128;
const LEARNING_RATE = 1e-3;
/** The plain-JavaScript CPU backend takes seconds per step; unless named, it is timed on this many samples. */
const CPU_SAMPLES = 512;

const usage = `usage: pnpm bench ae [options]
  --samples N     samples per epoch (default 6000)
  --backend NAME  node-gpu | node | webgpu | blas | wasm | cpu, or several comma-separated (default: every one that
                  starts; cpu on ${CPU_SAMPLES} samples); blas always runs beside wasm, the backend it speeds up
  --step S        model: @aelab/core's AutoEncoder trained by train() (default; the product path)
                  raw: tf.js ops, autodiff, tf.losses.sigmoidCrossEntropy, tf.train.adam
                  fast: autodiff with aelab's meanBceWithLogits and FusedAdam
                  manual: the backward pass by hand, fused matMul+bias, FusedAdam
                  several, comma-separated (model,raw): their epochs alternate
  --threads N     OpenBLAS threads for blas (default: every core) and XNNPACK threads for wasm (default 1)
  --torch         also time the same model in PyTorch on the CPU (python3 with torch, or AELAB_PYTHON), --threads N threads (default 1)
  --repeat N      timed epochs per backend and step, median reported (default 3)
  --unpatched     wasm without aelab's kernel fixes (for before/after numbers)
  --json          print only the JSON rows`;

type Step = (x: tf.Tensor2D) => tf.Scalar;

interface Model {
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
}

function glorot(fanIn: number, fanOut: number, seed: number): tf.Tensor {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.randomUniform([fanIn, fanOut], -limit, limit, 'float32', seed);
}

function createModel(): Model {
  return {
    w1: tf.variable(glorot(INPUT, HIDDEN, 1)),
    b1: tf.variable(tf.zeros([HIDDEN])),
    w2: tf.variable(glorot(HIDDEN, INPUT, 2)),
    b2: tf.variable(tf.zeros([INPUT])),
  };
}

/** tf.js as anyone would write it: autodiff through the graph, the library's BCE and Adam. */
function rawStep(model: Model): { step: Step; dispose: () => void } {
  const optimizer = tf.train.adam(LEARNING_RATE);
  const step: Step = (x) =>
    optimizer.minimize(() => {
      const h = tf.sigmoid(tf.add(tf.matMul(x, model.w1), model.b1));
      const logits = tf.add(tf.matMul(h, model.w2), model.b2);
      return tf.losses.sigmoidCrossEntropy(x, logits) as tf.Scalar;
    }, true)!;
  return { step, dispose: () => optimizer.dispose() };
}

/**
 * Still autodiff, with aelab's fused pieces: BCE from logits with its gradient written out (meanBceWithLogits) and
 * Adam as one kernel per variable (FusedAdam: one SIMD pass on WASM).
 */
function fastStep(model: Model): { step: Step; dispose: () => void } {
  const { w1, b1, w2, b2 } = model;
  const variables = [w1, b1, w2, b2];
  const optimizer = new FusedAdam(variables, LEARNING_RATE);
  const step: Step = (x) => {
    const { value, grads } = tf.variableGrads(() => {
      const h = tf.sigmoid(tf.add(tf.matMul(x, w1), b1));
      return meanBceWithLogits(x, tf.add(tf.matMul(h, w2), b2));
    }, variables);
    optimizer.apply(variables.map((v) => grads[v.name]!));
    return value;
  };
  return { step, dispose: () => optimizer.dispose() };
}

/** The backward pass by hand (σ' = h(1-h), dL/dl = (σ(l) - x)/n), fused matMul+bias forward, FusedAdam. */
function manualStep(model: Model): { step: Step; dispose: () => void } {
  const { w1, b1, w2, b2 } = model;
  const optimizer = new FusedAdam([w1, b1, w2, b2], LEARNING_RATE);
  const step: Step = (x) => {
    const n = x.size;
    const h = tf.sigmoid(tf.fused.matMul({ a: x, b: w1, bias: b1 }));
    const logits = tf.fused.matMul({ a: h, b: w2, bias: b2 });
    const loss = tf.div(tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits))), n) as tf.Scalar;
    const dLogits = tf.mul(tf.sub(tf.sigmoid(logits), x), 1 / n);
    const dh = tf.matMul(dLogits, w2, false, true);
    const dz = tf.mul(dh, tf.mul(h, tf.sub(1, h)));
    optimizer.apply([tf.matMul(x, dz, true, false), tf.sum(dz, 0), tf.matMul(h, dLogits, true, false), tf.sum(dLogits, 0)]);
    return loss;
  };
  return { step, dispose: () => optimizer.dispose() };
}

/** One way of training the benchmark model: `run` trains one epoch over the first `samples` rows of the data. */
interface Runner {
  run(samples: number): Promise<number>;
  dispose(): void;
}

/**
 * One epoch of `step` over the first `samples` rows. Batches are uploaded from host memory, as `train()` does:
 * tf.slice of a big tensor would cost WASM a copy of the whole tensor per batch (its Slice reads all of x).
 */
async function epoch(step: Step, data: Float32Array, samples: number): Promise<number> {
  let last: tf.Scalar | undefined;
  for (let start = 0; start < samples; start += BATCH) {
    const size = Math.min(BATCH, samples - start);
    const loss = tf.tidy(() => step(tf.tensor2d(data.subarray(start * INPUT, (start + size) * INPUT), [size, INPUT])));
    last?.dispose();
    last = loss;
  }
  // Reading the loss waits for queued GPU work, so the epoch is timed to completion.
  const value = (await last!.data())[0]!;
  last!.dispose();
  return value;
}

/**
 * A hand-written step over its own tf.js variables. Every epoch starts a fresh optimizer, as every `train()` call
 * of the model step does, so all steps train the same numbers.
 */
function opsRunner(make: (model: Model) => { step: Step; dispose: () => void }, data: Float32Array): Runner {
  const model = createModel();
  return {
    run: async (samples) => {
      const { step, dispose } = make(model);
      try {
        return await epoch(step, data, samples);
      } finally {
        dispose();
      }
    },
    dispose: () => tf.dispose(Object.values(model)),
  };
}

/**
 * The product path: core's AutoEncoder (the dense model a run config builds) trained by `train()` with the
 * benchmark's settings. It starts from the hand-written steps' initial weights and reads the samples in order, so
 * its losses match theirs; `train()` copies every batch from a Float32Array either way.
 */
async function modelRunner(features: Float32Array): Promise<Runner> {
  const config = parseRunConfig({
    seed: 1,
    model: { type: 'dense', layers: [{ units: HIDDEN, activation: 'sigmoid' }], outputActivation: 'sigmoid' },
    training: { optimizer: { type: 'adam' }, learningRate: LEARNING_RATE, loss: 'bce', batchSize: BATCH, shuffle: false, validationFraction: 0 },
  });
  if (config.model.type !== 'dense') throw new Error('unreachable');
  const model = new AutoEncoder(denseAutoEncoderConfig(config.model, [INPUT]), { seed: config.seed });
  const initial = createModel();
  // Read asynchronously: WebGPU in Node has no synchronous reads.
  const names = ['hidden_1/kernel', 'hidden_1/bias', 'output/kernel', 'output/bias'];
  const variables = [initial.w1, initial.b1, initial.w2, initial.b2];
  const values = await Promise.all(variables.map((v) => v.data() as Promise<Float32Array>));
  model.setWeights(names.map((name, i) => ({ name, shape: [...variables[i]!.shape], values: values[i]! })));
  tf.dispose(Object.values(initial));
  return {
    run: async (samples) => {
      let loss = NaN;
      await train(model, { features, shape: [INPUT], count: samples }, {
        training: { ...config.training, epochs: 1 },
        seed: config.seed,
        onEvent: (e) => void (e.type === 'step' && (loss = e.loss)),
      });
      return loss;
    },
    dispose: () => model.dispose(),
  };
}

const stepKinds = ['model', 'raw', 'fast', 'manual'] as const;
type StepKind = (typeof stepKinds)[number];
const opsSteps = { raw: rawStep, fast: fastStep, manual: manualStep } as const;

async function createRunner(kind: StepKind, data: Float32Array): Promise<Runner> {
  return kind === 'model' ? modelRunner(data) : opsRunner(opsSteps[kind], data);
}

interface Measurement {
  row: Row;
  step: StepKind;
  epochs: Epoch[];
  detail?: string;
}

async function measure(backend: BackendName, threads: number, samples: number, kinds: StepKind[], repeat: number): Promise<Measurement[]> {
  const dataTensor = tf.randomUniform([samples, INPUT], 0, 1, 'float32', 42);
  const data = (await dataTensor.data()) as Float32Array;
  dataTensor.dispose();
  const runners: Runner[] = [];
  for (const kind of kinds) runners.push(await createRunner(kind, data));
  for (const r of runners) await r.run(Math.min(samples, 2 * BATCH));
  const epochs: Measurement['epochs'][] = kinds.map(() => []);
  for (let i = 0; i < repeat; i++) {
    for (const [k, runner] of runners.entries()) {
      const e = await timeEpoch(() => runner.run(samples));
      epochs[k]!.push(e);
      process.stderr.write(
        `  ${backend} ${kinds[k]} epoch ${i + 1}/${repeat}: ${e.seconds.toFixed(2)} s = ${Math.round(samples / e.seconds)}/s (process CPU ${e.cpuSeconds.toFixed(2)} s), loss ${e.loss.toFixed(4)}\n`,
      );
    }
  }
  for (const r of runners) r.dispose();
  return kinds.map((step, k) => {
    const list = epochs[k]!;
    const seconds = median(list.map((e) => e.seconds));
    const best = Math.min(...list.map((e) => e.seconds));
    const cpu = median(list.map((e) => e.cpuSeconds));
    process.stderr.write(
      `${backend} ${step}: best ${best.toFixed(2)} s = ${Math.round(samples / best)}/s, median ${seconds.toFixed(2)} s = ${Math.round(samples / seconds)}/s, median process CPU ${cpu.toFixed(2)} s\n`,
    );
    const row: Row = { backend, threads, samples, ...speed(samples, seconds) };
    return { row: kinds.length > 1 ? { backend, step, ...row } : row, step, epochs: list };
  });
}

function fail(message: string, showUsage = true): void {
  process.stderr.write(`bench ae: ${message}\n${showUsage ? `${usage}\n` : ''}`);
  process.exitCode = 2;
}

export default async function ae(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      samples: { type: 'string', default: '6000' },
      step: { type: 'string', default: 'model' },
      unpatched: { type: 'boolean', default: false },
      ...epochOptions,
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const counts = epochCounts(values);
  if (!counts) return fail('--samples, --threads and --repeat take positive integers');
  const { samples, threads, repeat } = counts;
  const kinds = values.step.split(',') as StepKind[];
  if (kinds.some((k) => !stepKinds.includes(k)) || new Set(kinds).size !== kinds.length) {
    return fail(`--step is model, raw, fast or manual (or several, comma-separated), not ${values.step}`);
  }

  const named = values.backend ? (values.backend.split(',') as BackendName[]) : undefined;
  const candidates: readonly BackendName[] = named ? (named.includes('blas') && !named.includes('wasm') ? [...named, 'wasm'] : named) : ALL_BACKENDS;
  const measurements: Measurement[] = [];
  for (const name of candidates) {
    const started = await startBackend(name, threads);
    if ('error' in started) {
      // A named backend that can't start is an error; in the sweep it is just skipped.
      if (values.backend) return fail(started.error, false);
      process.stderr.write(`skipping ${name}: ${started.error}\n`);
      continue;
    }
    const { threads: used, detail } = started;
    if (name === 'wasm' && values.unpatched) unpatchWasmKernels();
    const n = name === 'cpu' && !values.backend ? Math.min(samples, CPU_SAMPLES) : samples;
    process.stderr.write(`${name}${detail ? ` (${detail})` : ''}: ${n} samples, step ${values.step}${name === 'wasm' && values.unpatched ? ', unpatched kernels' : ''}\n`);
    for (const m of await measure(name, used, n, kinds, repeat)) measurements.push({ ...m, ...(detail ? { detail } : {}) });
  }
  if (values.torch) {
    const torch = torchRow(samples, threads ?? 1, repeat);
    if ('reason' in torch) process.stderr.write(`skipping pytorch: ${torch.reason}\n`);
    else measurements.push({ row: torch.row, step: 'model', epochs: torch.epochs, detail: torch.detail });
  }
  report(
    'ae',
    measurements.map((m) => m.row),
    values.json,
    {
      model: '784-1000-784 sigmoid, BCE from logits, Adam 1e-3, batch 128',
      step: values.step,
      threads,
      unpatched: values.unpatched,
      runs: measurements.map((m) => ({ backend: m.row.backend, step: m.step, detail: m.detail, epochs: m.epochs })),
    },
  );
}
