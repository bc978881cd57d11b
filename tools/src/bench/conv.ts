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
import { defaultBlasThreads, selectBackend } from '@aelab/core/node';
import { torchRow } from './torch.js';
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Epoch {
  seconds: number;
  cpuSeconds: number;
  loss: number;
}

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
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const loss = await run(samples);
      const seconds = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(cpu);
      epochs.push({ seconds, cpuSeconds: (used.user + used.system) / 1e6, loss });
      process.stderr.write(`  ${backend} epoch ${i + 1}/${repeat}: ${seconds.toFixed(2)} s = ${Math.round(samples / seconds)} images/s, loss ${loss.toFixed(4)}\n`);
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
  return { backend, samples, seconds: Number(seconds.toFixed(3)), samplesPerSecond: Math.round(samples / seconds), threads };
}

export default async function conv(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      samples: { type: 'string', default: '2560' },
      backend: { type: 'string' },
      threads: { type: 'string' },
      torch: { type: 'boolean', default: false },
      repeat: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const samples = Number(values.samples);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  const repeat = Number(values.repeat);
  if (!Number.isInteger(samples) || samples < 1 || (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) || !Number.isInteger(repeat) || repeat < 1) {
    return fail('--samples, --threads and --repeat take positive integers');
  }
  const named = values.backend ? (values.backend.split(',') as BackendName[]) : undefined;
  const candidates: BackendName[] = named ?? ['node-gpu', 'node', 'webgpu', 'blas', 'wasm', 'cpu'];
  // Uniform images, as the issue's measurements used; seeded so every backend trains on the same ones.
  const images = tf.randomUniform([samples * PER], 0, 1, 'float32', 42);
  const features = (await images.data()) as Float32Array;
  images.dispose();
  const rows: Row[] = [];
  const runs: { backend: string; detail?: string; epochs: Epoch[] }[] = [];
  for (const name of candidates) {
    const wasmThreads = threads ?? 1;
    const used = name === 'blas' ? (threads ?? defaultBlasThreads()) : name === 'wasm' ? wasmThreads : 1;
    let detail: string | undefined;
    try {
      detail = (await selectBackend(name, { wasmThreads, blasThreads: used })).detail;
    } catch (err) {
      if (values.backend) return fail((err as Error).message, false);
      process.stderr.write(`skipping ${name}: ${(err as Error).message}\n`);
      continue;
    }
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
