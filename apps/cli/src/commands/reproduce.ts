import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { printJson, info } from '../output.js';
import { ReproduceError } from '../reproduce/errors.js';
import { reproduceDdae, resolveConfig, type ReproduceEvent, type ReproduceOutcome } from '../reproduce/index.js';
import { formatDuration, type ProgressSnapshot } from '../reproduce/progress.js';
import { markdownTable } from '../reproduce/report-md.js';
import { pct, resultTables } from '../reproduce/tables.js';
import { MODEL_NAMES, type TableDataset } from '../reproduce/types.js';

interface DdaeOptions {
  dataset: string;
  dataDir?: string;
  download: boolean;
  seeds?: number;
  quick?: boolean;
  full?: boolean;
  splitFile?: string;
  backend: string;
  out?: string;
  json?: boolean;
  config?: string;
  models?: string;
  holdout?: boolean;
  limitTrain?: number;
  limitTest?: number;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** `--dataset` and `--full` to the list of tables: `--full` swaps the 6,000/1,000 MNIST draw for the whole set. */
export function tablesFor(dataset: string, full: boolean): TableDataset[] {
  switch (dataset) {
    case 'mnist':
      return full ? ['mnist-full'] : ['mnist'];
    case 'usps':
      return ['usps'];
    case 'mnist-full':
      return ['mnist-full'];
    case 'all':
      return full ? ['usps', 'mnist', 'mnist-full'] : ['usps', 'mnist'];
    default:
      throw new ReproduceError('INVALID_OPTIONS', `unknown dataset "${dataset}" (use mnist, usps, mnist-full or all)`);
  }
}

function parseModels(list: string): string[] {
  const names = list.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  for (const n of names) {
    if (!(MODEL_NAMES as readonly string[]).includes(n)) throw new ReproduceError('INVALID_OPTIONS', `unknown model "${n}" (use ${MODEL_NAMES.join(', ')})`);
  }
  return names;
}

async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ReproduceError('INVALID_OPTIONS', `cannot read --config ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ReproduceError('INVALID_OPTIONS', `--config ${file} is not JSON: ${(err as Error).message}`);
  }
}

function timestamp(): string {
  return new Date().toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');
}

/** Progress for people on stderr: one rewritten line on a terminal, plain lines (throttled) otherwise. */
function progressPrinter(): { onEvent: (e: ReproduceEvent) => void; end: () => void } {
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  let live = false;
  const tail = (p: ProgressSnapshot) => `${(p.fraction * 100).toFixed(0)}%${p.etaSeconds !== null ? ` ETA ${formatDuration(p.etaSeconds)}` : ''}`;
  const status = (text: string, force = false) => {
    if (tty) {
      const width = process.stderr.columns ?? 100;
      process.stderr.write(`\r\x1b[K${text.slice(0, width - 1)}`);
      live = true;
    } else if (force || performance.now() - lastLine > 5000) {
      process.stderr.write(`${text}\n`);
      lastLine = performance.now();
    }
  };
  const line = (text: string) => {
    if (live) process.stderr.write('\r\x1b[K');
    live = false;
    info(text);
  };
  let current = '';
  return {
    onEvent(e) {
      switch (e.type) {
        case 'note':
          line(e.message);
          break;
        case 'dataset':
          line(`${e.info.dataset}: ${e.info.trainCount} train / ${e.info.testCount} ${e.info.evaluation === 'holdout' ? 'holdout' : 'test'} — ${e.info.source}`);
          for (const w of e.info.warnings) line(`  warning: ${w}`);
          break;
        case 'skip':
          line(`skipping ${e.dataset}: ${e.reason}`);
          break;
        case 'plan':
          line(`${e.jobs.length} jobs planned`);
          break;
        case 'job-start':
          current = `[${e.index + 1}/${e.total}] ${e.job.dataset} ${e.job.model}${e.job.model === 'ELM' || e.job.model === 'RELM' ? '' : ` seed ${e.job.seed}`}`;
          status(`${current} — ${tail(e.progress)}`, true);
          break;
        case 'stage':
          status(`${current}: ${e.stage} — ${tail(e.progress)}`);
          break;
        case 'epoch':
          status(`${current}: level ${e.level}/${e.levels} epoch ${e.epoch}/${e.epochs} loss ${e.loss.toPrecision(4)} — ${tail(e.progress)}`, e.epoch === e.epochs);
          break;
        case 'row':
          line(
            `${e.row.dataset} ${e.row.model} seed ${e.row.seed}: train ${pct(e.row.trainAccuracy)}% test ${pct(e.row.testAccuracy)}% (${e.row.seconds.toFixed(1)} s) — ${tail(e.progress)}`,
          );
          break;
        default:
          break;
      }
    },
    end() {
      if (live) process.stderr.write('\r\x1b[K');
      live = false;
    },
  };
}

export function register(program: Command): void {
  const reproduce = program.command('reproduce').description('reproduce a paper\'s tables end to end and write a report');
  reproduce
    .command('ddae')
    .description(
      'the DDAE paper (DropConnect stacked autoencoder + kernel ELM): ELM, RELM, KELM, AE, SAE, DAE and DDAE on USPS and MNIST, ' +
        'with the paper\'s numbers side by side; writes results.json, report.md, report.html, figures and models',
    )
    .addOption(new Option('--dataset <name>', 'which table: mnist (6,000/1,000), usps (7,291/2,007), mnist-full (60,000/10,000) or all').default('mnist'))
    .option('--data-dir <dir>', 'folder with mnist/ and usps/ data files (default: the datasets package\'s lookup; embedded MNIST digits offline)')
    .option('--no-download', 'never download data files (MNIST then uses the embedded digits)')
    .option('--seeds <n>', 'seeds for the stack rows and KELM (default 3; 1 with --quick); ELM/RELM always use 10', positiveInt)
    .option('--quick', 'a cut-down recipe that finishes in minutes (fewer epochs, narrower layers, smaller grids)')
    .option('--full', 'the whole 60,000/10,000 MNIST instead of the 6,000/1,000 draw (needs the MNIST files; KELM uses Nystrom)')
    .option('--split-file <file>', 'MNIST train/test indices into the 10,000 embedded digits, e.g. ../shared/reference/mnist_split_seed0.json')
    .addOption(new Option('--backend <name>', 'tensor backend').choices(['auto', 'node-gpu', 'node', 'webgpu', 'blas', 'wasm', 'cpu']).default('auto'))
    .option('--out <dir>', 'output directory (default runs/reproduce-ddae-<time>)')
    .option('--json', 'print only results.json to stdout')
    .option('--models <list>', `comma-separated subset of ${MODEL_NAMES.join(',')}`)
    .option('--config <file>', 'JSON overriding any part of the recipe (see results.json "config" for the fields)')
    .option('--holdout', 'score on a validation fifth of the training data instead of the test split (for choosing recipes)')
    .option('--limit-train <n>', 'keep a stratified N of the training samples (smoke tests)', positiveInt)
    .option('--limit-test <n>', 'keep a stratified N of the test samples (smoke tests)', positiveInt)
    .action(async (opts: DdaeOptions) => {
      const overrides: Record<string, unknown> = {
        datasets: tablesFor(opts.dataset, opts.full === true),
        backend: opts.backend,
        holdout: opts.holdout === true,
        download: opts.download,
      };
      if (opts.seeds !== undefined) overrides.seeds = Array.from({ length: opts.seeds }, (_, i) => i);
      if (opts.dataDir) overrides.dataDir = resolve(opts.dataDir);
      if (opts.splitFile) overrides.mnist = { splitFile: resolve(opts.splitFile) };
      if (opts.models) overrides.models = parseModels(opts.models);
      if (opts.limitTrain) overrides.limitTrain = opts.limitTrain;
      if (opts.limitTest) overrides.limitTest = opts.limitTest;
      const fileLayer = opts.config ? await readConfigFile(opts.config) : {};
      const config = resolveConfig(opts.quick ? 'quick' : 'standard', fileLayer, overrides);
      const outDir = resolve(opts.out ?? `runs/reproduce-ddae-${timestamp()}`);

      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = () => {
        interrupts += 1;
        if (interrupts === 1) {
          info('\nstopping at the next step; finished rows are kept (Ctrl-C again to quit at once)');
          controller.abort();
        } else {
          process.exit(130);
        }
      };
      process.on('SIGINT', onSigint);
      const progress = progressPrinter();
      let outcome: ReproduceOutcome;
      try {
        outcome = await reproduceDdae(config, {
          outDir,
          command: `aelab ${process.argv.slice(2).join(' ')}`,
          signal: controller.signal,
          onEvent: progress.onEvent,
        });
      } finally {
        progress.end();
        process.off('SIGINT', onSigint);
      }
      if (opts.json) {
        printJson(outcome.document);
      } else {
        for (const t of resultTables(outcome.document, outcome.info)) process.stdout.write(`\n${t.title}\n\n${markdownTable(t)}\n`);
      }
      info(`${outcome.info.status === 'complete' ? 'done' : outcome.info.status} in ${formatDuration(outcome.info.totalSeconds)}; report: ${outDir}/report.html`);
      if (outcome.info.status === 'stopped') process.exitCode = 130;
    });
}
