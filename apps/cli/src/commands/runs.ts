import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { RUN_STATUSES, getPreset, isFinalStatus, parseOptions, parseRunConfig, sweepReportTable, type RunConfigInput } from '@aelab/core';
import type { AppRouter } from '@aelab/server';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import { EventSource } from 'eventsource';
import { CliError } from '../errors.js';
import { info, printJson } from '../output.js';
import { textTable } from '../report-table.js';
import { MAX_SEED, SEED_HELP } from '../seed.js';
import { cifarFlags } from './cifar-flags.js';
import { ddaeFlags } from './ddae-flags.js';
import { addSubmitFlags, experimentValues, flagKey, flagOwners, type ExperimentFlags, type FlagValues } from './experiment-flags.js';
import { labFlags } from './lab-flags.js';

type Client = TRPCClient<AppRouter>;
type RunSummary = Awaited<ReturnType<Client['runs']['list']['query']>>['items'][number];
type RunDetail = Awaited<ReturnType<Client['runs']['get']['query']>>;
type RunEvent = Awaited<ReturnType<Client['runs']['logs']['query']>>[number];

type Status = (typeof RUN_STATUSES)[number];

export interface GlobalOptions {
  server: string;
  token?: string;
  json?: boolean;
}

export function connect(opts: GlobalOptions): TRPCClient<AppRouter> {
  const base = opts.server.replace(/\/+$/, '');
  const headers: Record<string, string> = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        // Node 20 has no EventSource; the `eventsource` package's fetch hook carries the bearer token.
        true: httpSubscriptionLink({
          url: `${base}/trpc`,
          EventSource,
          eventSourceOptions: { fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }) },
        }),
        false: httpBatchLink({ url: `${base}/trpc`, headers: () => headers }),
      }),
    ],
  });
}

/** Turns transport and server errors into one-line coded errors. */
export async function call<T>(opts: GlobalOptions, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toCoded(err, opts);
  }
}

function toCoded(err: unknown, opts: GlobalOptions): Error {
  if (err instanceof TRPCClientError) {
    const data = err.data as { appCode?: string; code?: string } | undefined;
    if (data?.appCode || data?.code) return new CliError(data.appCode ?? data.code!, err.message);
    const cause = (err.cause as { cause?: { code?: string } } | undefined)?.cause?.code ?? '';
    if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET/.test(cause) || /fetch failed/.test(err.message)) {
      return new CliError('SERVER_UNREACHABLE', `cannot reach an aelab server at ${opts.server} (start one with \`aelab serve\`, or pass --server)`);
    }
    return new CliError('SERVER_ERROR', err.message);
  }
  return err instanceof Error ? err : new Error(String(err));
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError('FILE_MISSING', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError('INVALID_CONFIG', `${file} is not JSON: ${(err as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new CliError('INVALID_CONFIG', `${file} must hold a JSON object (a run config)`);
  return value;
}

const fmt = (v: number): string => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toPrecision(4));

function metricsLine(m: Record<string, number>, keys = ['loss', 'valLoss', 'rmse', 'valRmse', 'accuracy', 'valAccuracy', 'testAccuracy', 'trainAccuracy']): string {
  return keys.filter((k) => m[k] !== undefined).map((k) => `${k} ${fmt(m[k]!)}`).join('  ');
}

function progressText(r: RunSummary): string {
  if (!r.progress) return '';
  return `${r.progress.stage ? `${r.progress.stage} ` : ''}${r.progress.epoch}/${r.progress.epochs}`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** One line per event for people. */
export function describeEvent(ev: RunEvent): string {
  const t = ev.time.slice(11, 19);
  if (ev.type === 'status') return `${t}  status ${ev.status}${ev.error ? `: ${ev.error.message} [${ev.error.code}]` : ''}`;
  if (ev.type === 'log') return `${t}  ${ev.level} ${ev.message}`;
  if (ev.type === 'experiment') return `${t}  ${describeExperimentEvent(ev.event)}`;
  const e = ev.event;
  const stage = e.stage ? `${e.stage} ` : '';
  switch (e.type) {
    case 'start':
      return `${t}  ${stage}start: ${e.epochs} epochs, ${e.trainCount} samples (${e.validationCount} validation), batch ${e.batchSize}${e.resumed ? `, resumed at epoch ${e.epoch}` : ''}`;
    case 'epoch': {
      const m: Record<string, number> = { loss: e.loss, ...(e.valLoss !== undefined ? { valLoss: e.valLoss } : {}), ...e.metrics };
      return `${t}  ${stage}epoch ${e.epoch}  ${metricsLine(m, Object.keys(m))}  (${Math.round(e.samplesPerSecond)} samples/s)`;
    }
    case 'step':
      return `${t}  ${stage}step ${e.step}  loss ${fmt(e.loss)}`;
    case 'checkpoint':
      return `${t}  ${stage}checkpoint at epoch ${e.epoch}`;
    case 'snapshot':
      return `${t}  ${stage}snapshot at step ${e.step}`;
    case 'end':
      return `${t}  ${stage}end: ${e.reason}${e.loss !== undefined ? `, loss ${fmt(e.loss)}` : ''}`;
  }
  return `${t}  ${(e as { type: string }).type}`;
}

type ExperimentStreamEvent = Extract<RunEvent, { type: 'experiment' }>['event'];

function describeExperimentEvent(e: ExperimentStreamEvent): string {
  switch (e.type) {
    case 'plan':
      return `plan: ${e.jobs.length} jobs${e.finished.length > 0 ? `, ${e.finished.length} finished before` : ''}`;
    case 'job-start':
      return `job ${e.index + 1}/${e.total} ${e.job.title}: started (run ${e.childId})`;
    case 'job-progress': {
      const u = e.update;
      const epoch = u.epoch ? `level ${u.epoch.level}/${u.epoch.levels} epoch ${u.epoch.epoch}/${u.epoch.epochs} loss ${fmt(u.epoch.loss)}` : '';
      return `job ${e.job.title}: ${[u.stage, epoch].filter(Boolean).join(' ')}  (${Math.round(e.progress.fraction * 100)}% of the experiment)`;
    }
    case 'job-end':
      return `job ${e.job.title}: ${e.status}${e.reused ? ' (finished before)' : ` in ${e.seconds.toFixed(1)} s`}${e.error ? `: ${e.error.message} [${e.error.code}]` : ''}  ${metricsLine(e.metrics)}`.trimEnd();
    case 'report':
      return `results tables updated (${e.status})`;
  }
}

/** Lines for a parent run's jobs: counts by status and the results tables so far. */
function childrenText(children: NonNullable<RunDetail['children']>): string {
  const counts = RUN_STATUSES.filter((s) => children.counts[s] > 0).map((s) => `${children.counts[s]} ${s}`);
  const lines = [`jobs      ${children.planned} planned${counts.length > 0 ? `: ${counts.join(', ')}` : ''}`];
  for (const t of children.tables) lines.push('', t.title, '', textTable(t));
  return lines.join('\n');
}

/** Follows a run's events until its final status; resolves with the events seen. */
function follow(client: TRPCClient<AppRouter>, id: string, opts: GlobalOptions, onEvent: (ev: RunEvent) => void, lastEventId?: number): Promise<RunEvent[]> {
  const seen: RunEvent[] = [];
  return new Promise((resolve, reject) => {
    const sub = client.runs.events.subscribe(
      { id, ...(lastEventId ? { lastEventId: String(lastEventId) } : {}) },
      {
        onData: ({ data }) => {
          seen.push(data);
          onEvent(data);
        },
        onError: (err) => {
          sub.unsubscribe();
          reject(toCoded(err, opts));
        },
        onComplete: () => resolve(seen),
      },
    );
    process.once('SIGINT', () => {
      sub.unsubscribe();
      resolve(seen);
    });
  });
}

export function register(program: Command): void {
  const runs = program
    .command('runs')
    .description('submit, list, watch and cancel runs on an aelab server (see `aelab serve`)')
    .addOption(new Option('--server <url>', 'server URL').env('AELAB_SERVER').default('http://127.0.0.1:7070'))
    .addOption(new Option('--token <token>', 'bearer token').env('AELAB_TOKEN'))
    .option('--json', 'print one JSON document');

  const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

  const submit = runs
    .command('submit')
    .description('queue a run from a preset or a config file, or an experiment (--experiment NAME with the flags of `aelab reproduce NAME`)')
    .addOption(new Option('--experiment <name>', 'queue an experiment (a parent run with one child run per job)').choices(EXPERIMENTS.map((e) => e.name)))
    .option('--name <name>', "the experiment run's name")
    .option('--preset <name>', 'a named config (list them with: aelab presets)')
    .option('--config <file>', 'a run config (JSON); with --experiment, JSON overriding any part of its recipe')
    .option('--seed <n>', `override the seed (${SEED_HELP})`)
    .option('--epochs <n>', 'override training.epochs')
    .option('--batch-size <n>', 'override training.batchSize')
    .option('--learning-rate <x>', 'override training.learningRate')
    .option('--follow', 'print the run\'s events until it ends; exit 1 unless it succeeds')
    .option('--json', 'print {"id", "key", "status"}')
    .addHelpText(
      'after',
      '\nPresets (data, model and training settings to start from): aelab presets; experiments: aelab experiments list\nExamples:\n' +
        '  aelab runs submit --preset demo-2d --epochs 50 --batch-size 32 --learning-rate 0.005 --follow\n' +
        '  aelab runs submit --experiment ddae --quick --limit-train 600 --limit-test 200 --json\n' +
        '  aelab runs submit --experiment lab --quick --parts 3 --layouts 128,none --follow\n' +
        '  aelab runs submit --experiment cifar --quick --epochs 1 --train-size 1280 --test-size 256 --follow\n' +
        "Experiment flags name the experiments they belong to; --config, --seed and --epochs serve both (with --experiment ddae, --config is the recipe's overrides).",
    );
  // The submit command's own flags, before the experiments' are merged in: those are the training-run flags.
  const own = new Set(submit.options.map((o) => o.attributeName()));
  addSubmitFlags(submit, EXPERIMENTS).action(async (o: SubmitFlags, cmd: Command) => {
    const g = globals(cmd);
    const client = connect(g);
    const run = o.experiment ? await submitExperiment(client, g, o, cmd) : await submitTraining(client, g, o, cmd, own);
    if (!o.follow) {
      if (g.json) printJson({ id: run.id, key: run.key, status: run.status });
      else process.stdout.write(`${run.id}\n`);
      info(`queued run ${run.id} (key ${run.key}); watch it with \`aelab runs logs ${run.id}\``);
      return;
    }
    info(`run ${run.id} (key ${run.key})`);
    await follow(client, run.id, g, (ev) => {
      if (!isProgressEvent(ev)) info(describeEvent(ev));
    });
    const final = await call(g, () => client.runs.get.query({ id: run.id }));
    if (g.json) printJson({ id: final.id, key: final.key, status: final.status, metrics: final.metrics });
    else process.stdout.write(`${final.id} ${final.status}\n`);
    if (final.status !== 'succeeded') process.exitCode = 1;
  });

  runs
    .command('list')
    .description('runs, newest first')
    .addOption(new Option('--status <status...>', 'only these statuses').choices(RUN_STATUSES))
    .option('--parent <id>', "an experiment's jobs or a sweep's runs (child runs), in plan order, instead of the top-level runs")
    .option('--dataset <name>', 'only this dataset')
    .option('--model <type>', 'only this model type (dense, stacked, conv)')
    .option('--limit <n>', 'at most this many', '50')
    .option('--offset <n>', 'skip this many', '0')
    .option('--json', 'print {"items", "total", "nextOffset"}')
    .action(async (o: { status?: Status[]; parent?: string; dataset?: string; model?: string; limit: string; offset: string }, cmd: Command) => {
      const g = globals(cmd);
      const client = connect(g);
      const page = await call(g, () =>
        client.runs.list.query({
          ...(o.status ? { status: o.status } : {}),
          ...(o.parent ? { parent: o.parent } : {}),
          ...(o.dataset ? { dataset: o.dataset } : {}),
          ...(o.model ? { model: o.model } : {}),
          limit: intArg('--limit', o.limit, 1, 500),
          offset: intArg('--offset', o.offset, 0, 1e6),
        }),
      );
      if (g.json) return printJson(page);
      if (page.items.length === 0) {
        info('no runs');
        return;
      }
      const rows = [['id', 'status', 'dataset', 'model', 'progress', 'metrics', 'created']];
      for (const r of page.items) {
        const model = r.kind === 'sweep' ? `sweep of ${r.model}` : r.model;
        rows.push([r.id, r.status, r.dataset, model, progressText(r), metricsLine(r.metrics), r.createdAt.replace('T', ' ').slice(0, 19)]);
      }
      process.stdout.write(`${table(rows)}\n`);
      if (page.nextOffset !== null) info(`${page.total} runs; next page: --offset ${page.nextOffset}`);
    });

  runs
    .command('show <id>')
    .description("one run: status, config, metrics and epoch history; an experiment's jobs by status and its results tables; a sweep's table")
    .option('--json', 'print the run (config, history, status...)')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const g = globals(cmd);
      const run: RunDetail = await call(g, () => connect(g).runs.get.query({ id }));
      if (g.json && run.kind === 'sweep') return printJson({ ...run, sweep: await call(g, () => connect(g).sweeps.get.query({ id })) });
      if (g.json) return printJson(run);
      const lines = [
        `id        ${run.id}${run.name ? `  (${run.name})` : ''}`,
        `status    ${run.status}${run.error ? `: ${run.error.message} [${run.error.code}]` : ''}`,
        `key       ${run.key}  seed ${run.seed}`,
        `model     ${run.model} on ${run.dataset}`,
        `created   ${run.createdAt}${run.startedAt ? `  started ${run.startedAt}` : ''}${run.finishedAt ? `  finished ${run.finishedAt}` : ''}`,
        `progress  ${progressText(run) || '-'}  (attempt ${run.attempt})`,
        `metrics   ${metricsLine(run.metrics) || '-'}`,
      ];
      if (run.worker) lines.push(`worker    ${run.worker.name} on ${run.worker.host} (${run.worker.id})`);
      if (run.checkpoint) lines.push(`checkpoint epoch ${run.checkpoint.epoch}${run.checkpoint.stage ? ` of ${run.checkpoint.stage}` : ''}`);
      if (run.kind === 'experiment') lines.splice(3, 1, `experiment ${run.experiment}${run.dataset ? ` on ${run.dataset}` : ''}`);
      if (run.kind === 'job') lines.splice(3, 0, `job       ${run.jobKey} of experiment run ${run.parentId}`);
      if (run.kind === 'training' && run.parentId) lines.splice(3, 0, `sweep     ${run.jobKey} of sweep ${run.parentId}`);
      if (run.kind === 'sweep') {
        // A sweep's results are its runs' numbers by point: the table, not an epoch history.
        const sweep = await call(g, () => connect(g).sweeps.get.query({ id }));
        lines.splice(3, 1, `sweep     ${sweep.points.length} points × ${sweep.spec.seeds} seeds over ${sweep.fields.join(', ')} (${run.model} on ${run.dataset})`);
        const counts = RUN_STATUSES.filter((s) => run.children!.counts[s] > 0).map((s) => `${run.children!.counts[s]} ${s}`);
        lines.push(`runs      ${run.children!.planned}: ${counts.join(', ')} (aelab runs list --parent ${run.id})`, '', textTable(sweepReportTable(sweep.table)));
      } else if (run.children) lines.push(childrenText(run.children));
      process.stdout.write(`${lines.join('\n')}\n`);
      if (run.history.length > 0) {
        const keys = [...new Set(run.history.flatMap((p) => Object.keys(p.metrics)))].filter((k) => !k.includes('.') && k !== 'epochMs');
        const rows = [['epoch', ...(run.history.some((p) => p.stage) ? ['stage'] : []), ...keys]];
        for (const p of run.history) rows.push([String(p.epoch), ...(rows[0]![1] === 'stage' ? [p.stage ?? ''] : []), ...keys.map((k) => (p.metrics[k] === undefined ? '' : fmt(p.metrics[k]!)))]);
        process.stdout.write(`\n${table(rows)}\n`);
      }
    });

  /** One mutation of one run, answered with a line (or with the server's answer as JSON). */
  const mutation = <T>(name: string, description: string, json: string, mutate: (client: Client, id: string) => Promise<T>, line: (res: T) => string): void => {
    runs
      .command(`${name} <id>`)
      .description(description)
      .option('--json', json)
      .action(async (id: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const res = await call(g, () => mutate(connect(g), id));
        if (g.json) return printJson(res);
        process.stdout.write(`${line(res)}\n`);
      });
  };
  const statusLine = (run: RunSummary): string => `${run.id} ${run.status}`;
  mutation(
    'cancel',
    'stop a queued or running run (a running one stops at its next step, with a checkpoint)',
    'print the run summary',
    (client, id) => client.runs.cancel.mutate({ id }),
    statusLine,
  );
  mutation('resume', 'queue an interrupted, failed or cancelled run again, from its last checkpoint', 'print the run summary', (client, id) => client.runs.resume.mutate({ id }), statusLine);
  mutation('delete', 'cancel if needed, then remove the run and its files', 'print {"id", "deleted"}', (client, id) => client.runs.delete.mutate({ id }), (res) => `${res.id} deleted`);

  runs
    .command('artifacts <id>')
    .description('the files a run wrote (figures, model, report), with download URLs')
    .option('--json', 'print the list')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const g = globals(cmd);
      const list = await call(g, () => connect(g).runs.artifacts.query({ id }));
      const base = g.server.replace(/\/+$/, '');
      if (g.json) return printJson(list.map((a) => ({ ...a, url: `${base}${a.url}` })));
      if (list.length === 0) return info('no artifacts');
      const rows = [['path', 'kind', 'size', 'complete', 'url']];
      for (const a of list) rows.push([a.path, a.kind, String(a.size), a.complete ? 'yes' : 'no', `${base}${a.url}`]);
      process.stdout.write(`${table(rows)}\n`);
    });

  runs
    .command('logs <id>')
    .description("a run's events (status, epochs, checkpoints); follows a live run until it ends")
    .option('--no-follow', 'print what is stored and stop')
    .option('--steps', "include the (throttled) step events and experiment jobs' progress")
    .option('--json', 'print the events as one JSON array (after the run ends, when following)')
    .action(async (id: string, o: { follow: boolean; steps?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const client = connect(g);
      const keep = (ev: RunEvent): boolean => o.steps === true || !isProgressEvent(ev);
      // Status first: if it is final now, the stored events read next are all there will ever be.
      const run = await call(g, () => client.runs.get.query({ id }));
      const events: RunEvent[] = [];
      let after = 0;
      for (;;) {
        const page = await call(g, () => client.runs.logs.query({ id, after, limit: 5000 }));
        events.push(...page);
        if (page.length < 5000) break;
        after = page.at(-1)!.seq;
      }
      const print = (ev: RunEvent): void => {
        if (!g.json && keep(ev)) process.stdout.write(`${describeEvent(ev)}\n`);
      };
      events.forEach(print);
      if (o.follow && !isFinalStatus(run.status)) {
        const more = await follow(client, id, g, print, events.at(-1)?.seq);
        events.push(...more);
      }
      if (g.json) printJson(events.filter(keep));
    });
}

/** Live-progress events (training steps, experiment jobs' progress): many, and only for watching. */
function isProgressEvent(ev: RunEvent): boolean {
  return (ev.type === 'train' && ev.event.type === 'step') || (ev.type === 'experiment' && ev.event.type === 'job-progress');
}

/** Experiments `runs submit` has flags for (the same flags as their `aelab reproduce NAME`). */
const EXPERIMENTS: ExperimentFlags[] = [ddaeFlags, labFlags, cifarFlags];
const OWNERS = flagOwners(EXPERIMENTS);

/** "a", "a or b", "a, b or c" */
function either(names: string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

interface SubmitFlags extends FlagValues {
  experiment?: string;
  name?: string;
  preset?: string;
  config?: string;
  seed?: string;
  epochs?: string;
  batchSize?: string;
  learningRate?: string;
  follow?: boolean;
}

async function submitTraining(client: Client, g: GlobalOptions, o: SubmitFlags, cmd: Command, own: Set<string>) {
  const stray = [...OWNERS.keys()].find((k) => !own.has(k) && cmd.getOptionValueSource(k) === 'cli');
  if (stray) throw new CliError('INVALID_ARGUMENT', `--${kebab(stray)} is an experiment flag; add --experiment ${either(OWNERS.get(stray)!)}`);
  if (o.name) throw new CliError('INVALID_ARGUMENT', '--name is for experiments; a run config names its run in "name"');
  if (!o.preset === !o.config) throw new CliError('INVALID_ARGUMENT', 'give exactly one of --preset NAME or --config FILE (see: aelab presets), or --experiment NAME');
  const input = (o.preset ? structuredClone(getPreset(o.preset).config) : readConfigFile(o.config!)) as Record<string, unknown>;
  const config = submitOverrides(input, o);
  // Checked here first, so a typo is reported with its path before anything is sent.
  parseRunConfig(config);
  return call(g, () => client.runs.create.mutate(config as never));
}

async function submitExperiment(client: Client, g: GlobalOptions, o: SubmitFlags, cmd: Command) {
  const experiment = EXPERIMENTS.find((e) => e.name === o.experiment)!;
  const mine = new Set(experiment.specs.map((s) => flagKey(s)));
  for (const flag of ['preset', 'seed', 'epochs', 'batchSize', 'learningRate'] as const) {
    if (!mine.has(flag) && cmd.getOptionValueSource(flag) === 'cli') throw new CliError('INVALID_ARGUMENT', `--${kebab(flag)} is for training runs, not --experiment ${experiment.name}`);
  }
  for (const [key, owners] of OWNERS) {
    if (!mine.has(key) && cmd.getOptionValueSource(key) === 'cli') throw new CliError('INVALID_ARGUMENT', `--${kebab(key)} is not a flag of experiment ${experiment.name} (it is ${either(owners)}'s)`);
  }
  const options = await experiment.fromFlags(experimentValues(experiment, o), 'server');
  // Checked here first with the experiment's own schema (the server checks again).
  parseOptions(experiment.name, experiment.schema, options);
  return call(g, () => client.experiments.submit.mutate({ experiment: experiment.name, options, ...(o.name ? { name: o.name } : {}) }));
}

/** The submit flags written into the config, each checked with a plain message before anything is sent. */
function submitOverrides(input: Record<string, unknown>, o: SubmitFlags): RunConfigInput {
  const config: RunConfigInput = { ...input };
  const training: Record<string, unknown> = { ...((config.training as Record<string, unknown> | undefined) ?? {}) };
  if (o.seed !== undefined) config.seed = intArg('--seed', o.seed, 0, MAX_SEED);
  if (o.epochs !== undefined) training.epochs = intArg('--epochs', o.epochs, 1, 1e6);
  if (o.batchSize !== undefined) training.batchSize = intArg('--batch-size', o.batchSize, 1, 1e6);
  if (o.learningRate !== undefined) training.learningRate = positiveArg('--learning-rate', o.learningRate);
  if (o.epochs !== undefined || o.batchSize !== undefined || o.learningRate !== undefined) config.training = training as RunConfigInput['training'];
  return config;
}

function positiveArg(name: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new CliError('INVALID_ARGUMENT', `${name} must be a number above 0, got "${v}"`);
  return n;
}

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function intArg(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError('INVALID_ARGUMENT', `${name} must be an integer in ${min}..${max}, got "${v}"`);
  return n;
}
