/**
 * `pnpm bench conv [--samples 2560] [--backend NAME[,NAME...]] [--threads N] [--repeat N] [--torch] [--json]`
 *
 * Images/s for one epoch of the CIFAR-10 document's conv autoencoder (the `cifar-conv` preset: 1,495 parameters,
 * batch 128, Adam 1e-3, BCE) trained by core's `train()` on uniform [0, 1] 32x32x3 images. Each backend gets a
 * warm-up of two batches, then `repeat` timed epochs; the median is reported (the machine may be shared).
 * `--torch` adds the same epoch in PyTorch on the CPU in the same run (the issue's yardstick).
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { ConvAutoEncoder, buildModel, presetConfig, train, type BackendName } from '@aelab/core';
import { ALL_BACKENDS, epochCounts, epochOptions, median, speed, startBackend, timeEpoch, type Epoch } from './shared/timing.js';
import { torchRow } from './shared/torch.js';
import { report, type Row } from '../report.js';

const SHAPE = [32, 32, 3];
const PER = 32 * 32 * 3;
const BATCH = 128;
/** The plain-JavaScript CPU backend takes seconds per batch; unless named, it is timed on this many images. */
const CPU_SAMPLES = 256;

const usage = `usage: pnpm bench conv [options]
  --samples N     images per epoch (default 2560)
  --backend NAME  node-gpu | node | webgpu | blas | wasm | cpu, or several comma-separated (default: every one that
                  starts; cpu on ${CPU_SAMPLES} images)
  --threads N     XNNPACK threads for wasm (default 1) and OpenBLAS threads for blas (default: every core)
  --torch         also time the same model in PyTorch on the CPU (python3 with torch, or AELAB_PYTHON), --threads N threads (default 1)
  --repeat N      timed epochs per backend, median reported (default 3)
  --json          print only the JSON rows {backend, samples, seconds, samplesPerSecond, threads}`;

/** `repeat` epochs of the preset's model over the first `samples` images, after a two-batch warm-up. */
async function measure(backend: string, samples: number, repeat: number, features: Float32Array): Promise<Epoch[]> {
  const config = presetConfig('cifar-conv');
  const model = buildModel(config.model, SHAPE, { seed: 1 });
  if (!(model instanceof ConvAutoEncoder)) throw new Error('cifar-conv no longer builds a conv autoencoder');
  const epochs: Epoch[] = [];
  try {
    const run = async (count: number): Promise<number> => {
      let loss = Number.NaN;
      await train(model, { features, shape: SHAPE, count }, {
        training: { ...config.training, epochs: 1, shuffle: false, validationFraction: 0 },
        seed: 1,
        onEvent: (e) => void (e.type === 'step' && (loss = e.loss)),
      });
      return loss;
    };
    await run(Math.min(samples, 2 * BATCH));
    for (let i = 0; i < repeat; i++) {
      const e = await timeEpoch(() => run(samples));
      epochs.push(e);
      process.stderr.write(`  ${backend} epoch ${i + 1}/${repeat}: ${e.seconds.toFixed(2)} s = ${Math.round(samples / e.seconds)} images/s, loss ${e.loss.toFixed(4)}\n`);
    }
  } finally {
    model.dispose();
  }
  return epochs;
}

function fail(message: string, showUsage = true): void {
  process.stderr.write(`bench conv: ${message}\n${showUsage ? `${usage}\n` : ''}`);
  process.exitCode = 2;
}

function row(backend: string, samples: number, seconds: number, threads: number): Row {
  return { backend, samples, ...speed(samples, seconds), threads };
}

export default async function conv(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      samples: { type: 'string', default: '2560' },
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
  const named = values.backend ? (values.backend.split(',') as BackendName[]) : undefined;
  const candidates: readonly BackendName[] = named ?? ALL_BACKENDS;
  // Uniform images, as the issue's measurements used; seeded so every backend trains on the same ones.
  const images = tf.randomUniform([samples * PER], 0, 1, 'float32', 42);
  const features = (await images.data()) as Float32Array;
  images.dispose();
  const rows: Row[] = [];
  const runs: { backend: string; detail?: string; epochs: Epoch[] }[] = [];
  for (const name of candidates) {
    const started = await startBackend(name, threads);
    if ('error' in started) {
      if (values.backend) return fail(started.error, false);
      process.stderr.write(`skipping ${name}: ${started.error}\n`);
      continue;
    }
    const { threads: used, detail } = started;
    const n = name === 'cpu' && !values.backend ? Math.min(samples, CPU_SAMPLES) : samples;
    process.stderr.write(`${name}${detail ? ` (${detail})` : ''}: ${n} images\n`);
    const epochs = await measure(name, n, repeat, features);
    rows.push(row(name, n, median(epochs.map((e) => e.seconds)), used));
    runs.push({ backend: name, ...(detail ? { detail } : {}), epochs });
  }
  if (values.torch) {
    const torch = torchRow(samples, threads ?? 1, repeat, 'conv_torch.py');
    if ('reason' in torch) {
      process.stderr.write(`skipping pytorch: ${torch.reason}\n`);
    } else {
      rows.push(row('pytorch', samples, Number(torch.row.seconds), threads ?? 1));
      runs.push({ backend: 'pytorch', detail: torch.detail, epochs: torch.epochs });
    }
  }
  report('conv', rows, values.json, { model: 'cifar-conv: 1,495-parameter conv autoencoder, BCE, Adam 1e-3, batch 128', threads, runs });
}
