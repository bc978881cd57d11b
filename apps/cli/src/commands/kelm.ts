import { availableParallelism } from 'node:os';
import { type Command, Option } from 'commander';
import { stratifiedSample, type Dataset } from '@aelab/datasets';
import { applySplitFileAt, loadDataset } from '@aelab/datasets/node';
import { selectBackend } from '@aelab/core/node';
import {
  accuracy,
  describeKernel,
  evaluateSeeds,
  fromDataset,
  gridSearch,
  kelmFit,
  KelmError,
  kernelWith,
  medianPairwiseDistance,
  nystromFit,
  predict,
  type FeatureMatrix,
  type GridSearchResult,
  type Kernel,
  type KernelType,
  type Model,
} from '@aelab/kelm';
import { saveModel, useNativeSolver } from '@aelab/kelm/node';
import { MAX_SEED, SEED_HELP, seedArg } from '../seed.js';
import { info, printJson } from '../output.js';

type Method = 'kelm' | 'nystrom' | 'elm' | 'relm';

interface KelmCliOptions {
  dataset: string;
  dataDir?: string;
  splitFile?: string;
  limitTrain?: number;
  limitTest?: number;
  method: Method;
  kernel: KernelType;
  C?: number;
  sigma: string;
  width?: number;
  degree?: number;
  grid?: boolean;
  folds?: number;
  validation: number;
  centres: number;
  hidden: number;
  activation: 'sigmoid' | 'tanh' | 'relu' | 'rbf';
  seeds: string;
  seed: number;
  backend: string;
  wasmThreads?: number;
  native?: boolean;
  save?: string;
  json?: boolean;
}

/** sigma = this times the median pairwise distance for `--sigma auto`: where the tuned values fall on USPS and MNIST. */
export const AUTO_SIGMA_FACTOR = 0.5;

function usage(message: string): Error {
  return Object.assign(new Error(message), { code: 'INVALID_ARGUMENT' });
}

const number = (name: string) => (v: string) => {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw usage(`${name} takes a number, not "${v}"`);
  return x;
};
const positive = (name: string) => (v: string) => {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x <= 0) throw usage(`${name} takes a positive number, not "${v}"`);
  return x;
};
const positiveInt = (name: string) => (v: string) => {
  const x = Number(v);
  if (!Number.isInteger(x) || x < 1) throw usage(`${name} takes a positive integer, not "${v}"`);
  return x;
};

async function loadSplits(opts: KelmCliOptions): Promise<{ train: Dataset; test: Dataset }> {
  let train: Dataset;
  let test: Dataset;
  if (opts.splitFile) {
    // A split file indexes one pool of samples (e.g. the 10,000 embedded MNIST digits).
    const all = await loadDataset({ name: opts.dataset, split: 'all', ...(opts.dataDir ? { dataDir: opts.dataDir } : { embedded: opts.dataset.startsWith('mnist') }) });
    ({ train, test } = applySplitFileAt(all, opts.splitFile));
  } else {
    const common = { name: opts.dataset, ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), onWarning: (m: string) => info(`warning: ${m}`) };
    train = await loadDataset({ ...common, split: 'train' });
    test = await loadDataset({ ...common, split: 'test' });
  }
  if (opts.limitTrain !== undefined && opts.limitTrain < train.count) train = stratifiedSample(train, opts.limitTrain, opts.seed);
  if (opts.limitTest !== undefined && opts.limitTest < test.count) test = stratifiedSample(test, opts.limitTest, opts.seed);
  return { train, test };
}

function kernelParam(k: Kernel): Record<string, number> {
  if (k.type === 'gaussian') return { sigma: k.sigma };
  if (k.type === 'gaussian-huang') return { width: k.width };
  if (k.type === 'polynomial') return { degree: k.degree };
  return {};
}

/** The kernel the flags ask for; `--sigma auto` from the median distance. */
function chosenKernel(opts: KelmCliOptions, x: FeatureMatrix): { kernel: Kernel; median?: number } {
  switch (opts.kernel) {
    case 'gaussian': {
      if (opts.sigma === 'auto') {
        const median = medianPairwiseDistance(x, { seed: opts.seed });
        return { kernel: kernelWith('gaussian', Number((AUTO_SIGMA_FACTOR * median).toPrecision(4))), median };
      }
      const sigma = Number(opts.sigma);
      if (!(sigma > 0)) throw usage(`--sigma takes a positive number or "auto", not "${opts.sigma}"`);
      return { kernel: kernelWith('gaussian', sigma) };
    }
    case 'gaussian-huang': {
      if (opts.width !== undefined) return { kernel: kernelWith('gaussian-huang', opts.width) };
      const median = medianPairwiseDistance(x, { seed: opts.seed });
      return { kernel: kernelWith('gaussian-huang', Number((2 * (AUTO_SIGMA_FACTOR * median) ** 2).toPrecision(4))), median };
    }
    case 'polynomial':
      return { kernel: kernelWith('polynomial', opts.degree ?? 2) };
    case 'linear':
      return { kernel: kernelWith('linear', undefined) };
  }
}

function parseSeeds(text: string): number[] {
  const seeds = text.split(',').map((s) => Number(s.trim()));
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0 || s > MAX_SEED)) throw usage(`--seeds takes comma-separated whole numbers from 0 to ${MAX_SEED}, not "${text}"`);
  return seeds;
}

/** `aelab kelm`: fit KELM (or Nystrom KELM, ELM, RELM) on a dataset and report train/test accuracy and timings. */
export function register(program: Command): void {
  program
    .command('kelm')
    .description('fit a kernel ELM (or Nystrom KELM, ELM, RELM) classifier on a dataset and report accuracy and timings')
    .requiredOption('-d, --dataset <name>', 'mnist, mnist-binary, usps or cifar10 (features scaled to [0, 1])')
    .option('--data-dir <dir>', 'folder holding mnist/, usps/, cifar10/ (default: AELAB_DATA_DIR or the download cache)')
    .option('--split-file <file>', 'train/test indices into one pool, e.g. ../shared/reference/mnist_split_seed0.json (MNIST: the 10,000 embedded digits)')
    .option('--limit-train <n>', 'keep a stratified sample of n training rows', positiveInt('--limit-train'))
    .option('--limit-test <n>', 'keep a stratified sample of n test rows', positiveInt('--limit-test'))
    .addOption(new Option('--method <name>', 'exact KELM, Nystrom KELM, ELM or RELM').choices(['kelm', 'nystrom', 'elm', 'relm']).default('kelm'))
    .addOption(new Option('--kernel <name>', 'kernel (KELM, Nystrom)').choices(['gaussian', 'gaussian-huang', 'linear', 'polynomial']).default('gaussian'))
    .option('--C <x>', 'regularisation C (default 100; RELM 1)', positive('--C'))
    .option('--sigma <x>', `gaussian: exp(-d^2/(2 sigma^2)); "auto" = ${AUTO_SIGMA_FACTOR} x the median pairwise distance`, 'auto')
    .option('--width <x>', 'gaussian-huang: exp(-d^2/width) (default from the median distance, as for --sigma auto)', positive('--width'))
    .option('--degree <n>', 'polynomial degree (default 2)', positiveInt('--degree'))
    .option('--grid', 'choose C and the kernel parameter by a grid search on the training data (default grid centred on the median distance)')
    .option('--folds <k>', 'grid search by k-fold cross-validation instead of a held-out split', positiveInt('--folds'))
    .option('--validation <fraction>', 'held-out fraction of the training data for the grid search', number('--validation'), 0.2)
    .option('--centres <m>', 'Nystrom centres', positiveInt('--centres'), 2000)
    .option('--hidden <L>', 'ELM/RELM hidden units', positiveInt('--hidden'), 1000)
    .addOption(new Option('--activation <name>', 'ELM/RELM hidden activation').choices(['sigmoid', 'tanh', 'relu', 'rbf']).default('sigmoid'))
    .option('--seeds <list>', 'ELM/RELM: comma-separated seeds; reports mean, std and best', '0')
    .option('--seed <n>', `seed of subsamples, grid splits and Nystrom centres (${SEED_HELP})`, seedArg, 0)
    .option('--backend <name>', 'tensor backend: wasm, auto, cpu, ... (see: aelab backends)', 'wasm')
    .option('--wasm-threads <n>', 'XNNPACK threads for the WASM backend (default: AELAB_WASM_THREADS, else every core up to 8)', positiveInt('--wasm-threads'))
    .option('--native', 'exact KELM: solve in float64 with the optional OpenBLAS addon (pnpm --filter @aelab/kelm build-native)')
    .option('--save <dir>', 'write the fitted model to <dir>/model.json + weights.bin')
    .option('--json', 'print one JSON document: testAccuracy, trainAccuracy, C, kernel, sigma/width, fitSeconds, predictSeconds, ...')
    .action(async (opts: KelmCliOptions) => {
      const log = (line: string) => {
        if (!opts.json) info(line);
      };
      // Every core, up to 8: more threads win even on a shared machine (measured by pnpm bench kelm), and past 8
      // the single-threaded parts of a fit dominate.
      const threads = opts.wasmThreads ?? (Number(process.env.AELAB_WASM_THREADS) || Math.min(availableParallelism(), 8));
      if (opts.native && opts.method !== 'kelm') throw usage('--native applies to --method kelm (exact KELM fits)');
      const backend = await selectBackend(opts.backend, { wasmThreads: threads });
      log(`backend: ${backend.backend}${backend.detail ? ` (${backend.detail})` : ''}`);
      if (opts.native) {
        const native = useNativeSolver();
        if (!native.ok) throw new KelmError('NATIVE_UNAVAILABLE', native.reason);
        log(`solver: ${native.name}`);
      }
      const { train, test } = await loadSplits(opts);
      const tr = fromDataset(train);
      const te = fromDataset(test);
      log(`${opts.dataset}: ${tr.x.rows} train / ${te.x.rows} test rows of ${tr.x.cols} features`);

      if (opts.method === 'elm' || opts.method === 'relm') {
        const C = opts.method === 'relm' ? (opts.C ?? 1) : undefined;
        const seeds = parseSeeds(opts.seeds);
        const t0 = performance.now();
        const summary = await evaluateSeeds(tr, te, { hidden: opts.hidden, activation: opts.activation, ...(C !== undefined ? { C } : {}), seeds });
        const seconds = (performance.now() - t0) / 1000;
        const result = {
          dataset: opts.dataset,
          method: opts.method,
          hidden: opts.hidden,
          activation: opts.activation,
          C: C ?? null,
          trainCount: tr.x.rows,
          testCount: te.x.rows,
          testAccuracy: summary.mean,
          testAccuracyStd: summary.std,
          bestTestAccuracy: summary.best.testAccuracy,
          trainAccuracy: summary.runs.reduce((a, r) => a + r.trainAccuracy, 0) / summary.runs.length,
          fitSeconds: summary.runs.reduce((a, r) => a + r.fitSeconds, 0) / summary.runs.length,
          totalSeconds: seconds,
          runs: summary.runs,
          backend: backend.backend,
        };
        if (opts.json) printJson(result);
        else {
          for (const r of summary.runs) info(`seed ${r.seed}: test ${(100 * r.testAccuracy).toFixed(2)}%  train ${(100 * r.trainAccuracy).toFixed(2)}%  fit ${r.fitSeconds.toFixed(2)} s`);
          process.stdout.write(
            `${opts.method.toUpperCase()} L=${opts.hidden} ${opts.activation}${C !== undefined ? ` C=${C}` : ''}: test ${(100 * summary.mean).toFixed(2)}% ± ${(100 * summary.std).toFixed(2)} (best ${(100 * summary.best.testAccuracy).toFixed(2)}%, ${seeds.length} seeds)\n`,
          );
        }
        return;
      }

      let kernel: Kernel;
      let C = opts.C ?? 100;
      let median: number | undefined;
      let grid: GridSearchResult | undefined;
      if (opts.grid) {
        const t0 = performance.now();
        grid = await gridSearch(tr.x, tr.labels, {
          kernel: opts.kernel,
          ...(opts.C !== undefined ? { Cs: [opts.C] } : {}),
          validation: opts.folds ? { type: 'kfold', k: opts.folds, seed: opts.seed } : { type: 'holdout', fraction: opts.validation, seed: opts.seed },
          onCell: (cell, i, total) => log(`  [${i + 1}/${total}] C=${cell.C} ${describeKernel(cell.kernel)}: ${(100 * cell.accuracy).toFixed(2)}%`),
        });
        kernel = grid.best.kernel;
        C = grid.best.C;
        median = grid.median ?? undefined;
        log(`grid: best C=${C} ${describeKernel(kernel)} (validation ${(100 * grid.best.accuracy).toFixed(2)}%) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      } else {
        ({ kernel, median } = chosenKernel(opts, tr.x));
      }

      log(`fitting ${opts.method === 'nystrom' ? `Nystrom KELM (${Math.min(opts.centres, tr.x.rows)} centres)` : 'KELM'}: C=${C} ${describeKernel(kernel)}`);
      const t0 = performance.now();
      const model: Model =
        opts.method === 'nystrom'
          ? await nystromFit(tr.x, tr.labels, { kernel, C, centres: opts.centres, seed: opts.seed })
          : await kelmFit(tr.x, tr.labels, { kernel, C, ...(opts.native ? { solver: { method: 'native' as const } } : {}) });
      const fitSeconds = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      const testAccuracy = accuracy(predict(model, te.x).labels, te.labels);
      const predictSeconds = (performance.now() - t1) / 1000;
      const trainAccuracy = accuracy(predict(model, tr.x).labels, tr.labels);
      if (opts.save) {
        const files = saveModel(model, opts.save);
        log(`saved ${files.manifest} and ${files.weights}`);
      }
      const result = {
        dataset: opts.dataset,
        method: opts.method,
        trainCount: tr.x.rows,
        testCount: te.x.rows,
        testAccuracy,
        trainAccuracy,
        C,
        kernel: kernel.type,
        ...kernelParam(kernel),
        ...(median !== undefined ? { medianDistance: median } : {}),
        ...(opts.method === 'nystrom' ? { centres: Math.min(opts.centres, tr.x.rows) } : {}),
        fitSeconds,
        predictSeconds,
        solve: model.solve,
        backend: backend.backend,
        backendDetail: backend.detail ?? null,
        ...(grid ? { grid: { validation: grid.validation, best: { C: grid.best.C, ...kernelParam(grid.best.kernel), accuracy: grid.best.accuracy }, cells: grid.cells.map((c) => ({ C: c.C, ...kernelParam(c.kernel), accuracy: c.accuracy, folds: c.folds })) } } : {}),
      };
      if (opts.json) printJson(result);
      else {
        process.stdout.write(
          [
            `${opts.method === 'nystrom' ? 'Nystrom KELM' : 'KELM'} on ${opts.dataset}: C=${C} ${describeKernel(kernel)}`,
            `test accuracy   ${(100 * testAccuracy).toFixed(2)}%  (${te.x.rows} rows)`,
            `train accuracy  ${(100 * trainAccuracy).toFixed(2)}%  (${tr.x.rows} rows)`,
            opts.method === 'nystrom'
              ? `fit ${fitSeconds.toFixed(2)} s (${model.solve.method} solve of the ${Math.min(opts.centres, tr.x.rows)}-centre system, ${model.solve.iterations} refinement steps), predict ${predictSeconds.toFixed(2)} s`
              : `fit ${fitSeconds.toFixed(2)} s (kernel ${model.solve.timings.matrix.toFixed(2)}, factor ${model.solve.timings.factor.toFixed(2)}, refine ${model.solve.timings.refine.toFixed(2)}; ${model.solve.method}, ${model.solve.iterations} refinement steps), predict ${predictSeconds.toFixed(2)} s`,
          ].join('\n') + '\n',
        );
      }
    });
}
