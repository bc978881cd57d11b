import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { MAX_SWEEP_RUNS, parseVary, planSweep, sweepReportTable, type SweepPlan, type SweepSpecInput } from '@aelab/core';
import type { PoolOutcome } from '../sweep/protocol.js';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../errors.js';
import { info, printJson } from '../output.js';
import { textTable } from '../report-table.js';
import { SEED_HELP, seedArg } from '../seed.js';
import { readLocalSweep, runLocalSweep, type LocalSweepResult } from '../sweep/local.js';
import { call, connect } from './runs.js';
import { applyOverrides, defaultThreads, positive, positiveInt, readConfigInput, stamp } from './train.js';

interface SweepFlags {
  preset?: string;
  config?: string;
  vary?: string[];
  seeds?: number;
  random?: number;
  randomSeed?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  backend?: string;
  name?: string;
  server?: string;
  token?: string;
  out?: string;
  concurrency?: number;
  threads?: number;
  dataDir?: string;
  resume?: string;
  progress: boolean;
  json?: boolean;
}

/** Flags that only mean something when the runs train here. */
const LOCAL_FLAGS = ['out', 'concurrency', 'threads', 'dataDir', 'resume'] as const;
/** What a resumed sweep takes from its own definition. */
const DEFINITION_FLAGS = ['preset', 'config', 'vary', 'seeds', 'random', 'randomSeed', 'epochs', 'batchSize', 'learningRate', 'backend', 'name', 'dataDir', 'out'] as const;

const collect = (value: string, all: string[] = []): string[] => [...all, value];

const seedCount = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidArgumentError('expected a whole number from 1 to 100');
  return n;
};

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The sweep the flags describe, checked whole (every point's config) before anything runs or is sent. */
function sweepFromFlags(o: SweepFlags): { spec: SweepSpecInput; plan: SweepPlan } {
  const vary = o.vary ?? [];
  if (vary.length === 0) throw new CliError('INVALID_ARGUMENT', 'name a field to vary: --vary PATH=V1,V2 (e.g. --vary training.learningRate=0.01,0.001)');
  if (o.randomSeed !== undefined && o.random === undefined) throw new CliError('INVALID_ARGUMENT', '--random-seed goes with --random K');
  const { input, label } = readConfigInput(o);
  const base = applyOverrides(input, o);
  const spec: SweepSpecInput = {
    name: o.name ?? label,
    base: base as Record<string, unknown>,
    vary: vary.map(parseVary),
    seeds: o.seeds ?? 1,
    ...(o.random !== undefined ? { random: { count: o.random, seed: o.randomSeed ?? 0 } } : {}),
  };
  return { spec, plan: planSweep(spec) };
}

/** A new folder, or an empty one: a sweep never mixes its runs with another's files. */
function checkOutDir(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new CliError('OUT_NOT_A_DIRECTORY', `--out ${dir} is a file, not a folder; name a new folder for the sweep`);
  if (readdirSync(dir).length > 0) throw new CliError('OUT_NOT_EMPTY', `--out ${dir} is not empty; name a new folder for the sweep`);
}

function printLocal(result: LocalSweepResult, json: boolean | undefined): void {
  if (json) {
    const { dir, status, table, runs } = result;
    printJson({ dir, status, fields: table.fields, metrics: table.metrics, rows: table.rows, runs });
    return;
  }
  const counts = new Map<string, number>();
  for (const r of result.runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const summary = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  process.stdout.write(`sweep: ${result.dir}\nstatus: ${result.status} (${summary})\n\n${textTable(sweepReportTable(result.table))}\n`);
}

/** `aelab sweep`: a grid (or seeded random draws) over config fields × seeds, trained here or queued on a server. */
export function register(program: Command): void {
  program
    .command('sweep')
    .description('train one config over a grid of field values (or random draws) × seeds: here in a pool of threads, or queued on a server with --server')
    .option('-p, --preset <name>', 'start from a preset (see: aelab presets)')
    .option('-c, --config <file>', 'a run config JSON file (- for stdin)')
    .option('--vary <path=values>', 'a field and its values: PATH=V1,V2 (grid), PATH=A..B or PATH=log:A..B (ranges, with --random); repeatable', collect)
    .option('--seeds <n>', 'runs per point, seeds base, base + 1, ... (default 1)', seedCount)
    .option('--random <k>', `k seeded random points instead of the whole grid (at most ${MAX_SWEEP_RUNS} runs)`, positiveInt)
    .option('--random-seed <n>', `seed of the random draws (${SEED_HELP}; default 0)`, seedArg)
    .option('--epochs <n>', 'training.epochs of every run', positiveInt)
    .option('--batch-size <n>', 'training.batchSize of every run', positiveInt)
    .option('--learning-rate <x>', 'training.learningRate of every run', positive)
    .option('--backend <name>', 'auto, node-gpu, node, webgpu, blas, wasm or cpu (see: aelab backends)')
    .option('--name <name>', 'name of the sweep (default: the preset or config file name)')
    .option('--server <url>', 'queue the sweep on this aelab server instead of training here; prints {"id", "children"}')
    .addOption(new Option('--token <token>', "the server's bearer token").env('AELAB_TOKEN'))
    .option('-o, --out <dir>', 'local: the sweep directory (default: runs/sweep-<name>-<date>-<time>)')
    .option('--concurrency <n>', 'local: runs training at the same time, one thread each (default 1-2 by core count)', positiveInt)
    .option('--threads <n>', "local: backend threads per run (default: this machine's cores shared among the runs)", positiveInt)
    .option('--data-dir <dir>', 'local: folder holding mnist/, usps/, cifar10/ (default: AELAB_DATA_DIR or the download cache)')
    .option('--resume <dir>', 'local: continue a stopped sweep in its directory (finished runs are kept, stopped ones continue from their checkpoints)')
    .option('--no-progress', 'local: no progress output on stderr')
    .option('--json', 'print the outcome as one JSON document')
    .addHelpText(
      'after',
      '\nPaths are dotted, numbers index lists: model.layers.0.units, training.optimizer.type.\n' +
        'A grid runs every combination; --random K draws K points (ranges: A..B uniform, whole numbers when both ends are; log:A..B log-uniform).\n' +
        'Examples:\n' +
        '  aelab sweep --preset demo-2d --vary model.layers.0.units=4,16 --vary training.learningRate=0.01,0.001 --seeds 3 --epochs 20\n' +
        '  aelab sweep --preset demo-2d --vary training.learningRate=log:1e-4..1e-1 --vary model.layers.0.units=2..16 --random 12\n' +
        '  aelab sweep --config run.json --vary model.layers.0.activation=relu,tanh --seeds 2 --server http://127.0.0.1:7070\n' +
        '  aelab sweep --resume runs/sweep-demo-2d-20250101-120000',
    )
    .action(async (o: SweepFlags, cmd: Command) => {
      if (o.server !== undefined) {
        const stray = LOCAL_FLAGS.find((k) => cmd.getOptionValueSource(k) === 'cli');
        if (stray) throw new CliError('INVALID_ARGUMENT', `--${kebab(stray)} is for sweeps trained here; a server uses its own${stray === 'dataDir' ? ' --data-dir' : ' workers'}`);
        const { spec, plan } = sweepFromFlags(o);
        const g = { server: o.server, ...(o.token ? { token: o.token } : {}), ...(o.json ? { json: true } : {}) };
        const created = await call(g, () => connect(g).sweeps.create.mutate(spec));
        process.stdout.write(`${JSON.stringify({ id: created.id, children: created.children })}\n`);
        info(`queued sweep ${created.id}: ${plan.runs.length} runs; watch it with \`aelab runs show ${created.id} --server ${o.server}\``);
        return;
      }
      let plan: SweepPlan;
      let dir: string;
      let finished: ReadonlyMap<string, PoolOutcome> | undefined;
      if (o.resume !== undefined) {
        const stray = DEFINITION_FLAGS.find((k) => cmd.getOptionValueSource(k) === 'cli');
        if (stray) throw new CliError('INVALID_ARGUMENT', `--resume continues a sweep with its own definition; drop --${kebab(stray)}`);
        dir = resolve(o.resume);
        ({ plan, finished } = readLocalSweep(dir));
      } else {
        const fromFlags = sweepFromFlags(o);
        plan = fromFlags.plan;
        dir = resolve(o.out ?? `runs/sweep-${(fromFlags.spec.name ?? 'sweep').replace(/[^A-Za-z0-9._-]+/g, '-')}-${stamp()}`);
        checkOutDir(dir);
      }
      const cores = availableParallelism();
      const concurrency = Math.min(o.concurrency ?? Math.max(1, Math.min(2, Math.floor(cores / 2))), plan.runs.length);
      const threads = o.threads ?? (defaultThreads(undefined) === undefined ? undefined : Math.max(1, Math.floor(cores / concurrency)));

      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = (): void => {
        interrupts += 1;
        if (interrupts > 1) process.exit(130);
        info('stopping the runs after their current step (Ctrl-C again to quit at once)…');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const result = await runLocalSweep(plan, {
          dir,
          concurrency,
          ...(threads !== undefined ? { threads } : {}),
          progress: o.progress,
          signal: controller.signal,
          command: `aelab ${process.argv.slice(2).join(' ')}`,
          ...(finished ? { finished } : {}),
        });
        printLocal(result, o.json);
        if (result.status === 'interrupted') {
          info(`stopped; what finished is in ${dir}. Continue with: aelab sweep --resume ${dir}`);
          process.exitCode = 130;
        } else if (result.status === 'failed') process.exitCode = 1;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
