import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatDuration } from '@aelab/core';
import { getExperiment, runExperimentInDir } from '@aelab/core/node';
import { CliError } from '../errors.js';
import { progressPrinter } from '../experiment-progress.js';
import { printJson, info } from '../output.js';
import { textTable } from '../report-table.js';
import { cifarFlags } from './cifar-flags.js';
import { ddaeFlags } from './ddae-flags.js';
import { addExperimentFlags, type ExperimentFlags, type FlagValues } from './experiment-flags.js';
import { labFlags } from './lab-flags.js';

interface OutputFlags {
  out?: string;
  json?: boolean;
}

function timestamp(): string {
  return new Date().toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');
}

/**
 * Runs an experiment locally into `out` with progress on stderr; Ctrl-C stops at the next step and keeps what
 * finished (run the same command with the same --out to continue).
 */
export async function reproduceLocally(name: string, options: unknown, flags: { out?: string; json?: boolean }): Promise<void> {
  const outDir = resolve(flags.out ?? `runs/reproduce-${name}-${timestamp()}`);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts === 1) {
      info(`\nstopping at the next step; finished jobs are kept (run the same command with --out ${outDir} to continue; Ctrl-C again to quit at once)`);
      controller.abort('shutdown');
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  const progress = progressPrinter();
  let outcome;
  try {
    outcome = await runExperimentInDir({
      experiment: getExperiment(name),
      options,
      outDir,
      command: `aelab ${process.argv.slice(2).join(' ')}`,
      signal: controller.signal,
      onEvent: progress.onEvent,
    });
  } finally {
    progress.end();
    process.off('SIGINT', onSigint);
  }
  if (flags.json) {
    printJson(outcome.report?.results ?? null);
  } else {
    for (const t of outcome.report?.tables ?? []) process.stdout.write(`\n${t.title}\n\n${textTable(t)}\n`);
  }
  const seconds = Number(outcome.report?.runInfo.totalSeconds ?? 0);
  const verb = outcome.status === 'succeeded' ? 'done' : outcome.status;
  info(`${verb} in ${formatDuration(seconds)}; report: ${outDir}/report.html`);
  if (outcome.status === 'failed' && outcome.error) throw new CliError(outcome.error.code, outcome.error.message);
  if (outcome.status === 'interrupted' || outcome.status === 'cancelled') process.exitCode = 130;
}

/** `aelab reproduce NAME`: the experiment's own flags, then where its outputs go. */
function reproduceCommand(reproduce: Command, experiment: ExperimentFlags, description: string): Command {
  const command = reproduce.command(experiment.name).description(description);
  return addExperimentFlags(command, experiment, 'local')
    .option('--out <dir>', `output directory (default runs/reproduce-${experiment.name}-<time>); an interrupted one is continued`)
    .option('--json', 'print only results.json to stdout')
    .action(async (opts: FlagValues & OutputFlags) => {
      await reproduceLocally(experiment.name, await experiment.fromFlags(opts, 'local'), opts);
    });
}

export function register(program: Command): void {
  const reproduce = program
    .command('reproduce')
    .description("reproduce a source document's tables end to end and write a report (see `aelab experiments list`)");
  reproduceCommand(
    reproduce,
    ddaeFlags,
    'the DDAE paper (DropConnect stacked autoencoder + kernel ELM): ELM, RELM, KELM, AE, SAE, DAE and DDAE on USPS and MNIST, ' +
      "with the paper's numbers side by side; writes results.json, report.md, report.html, figures, models and one children/ record per job. " +
      'Run it again with the same --out to continue an interrupted run: finished jobs are skipped.',
  );
  reproduceCommand(
    reproduce,
    labFlags,
    "the lab report on binary MNIST autoencoders: part 1 under-complete 784-h-784 (curves, reconstructions), part 2 over-complete 784-1024-784 with " +
      'L1/L2 penalties on activations and on weights and input noise (Table 1 sparseness, weight tiles), part 3 greedy stacks fine-tuned with a softmax ' +
      "(Table 2's 23 layouts, ReLU and sigmoid, and no hidden layer), with the report's numbers beside ours. Same --out again resumes.",
  );
  reproduceCommand(
    reproduce,
    cifarFlags,
    "the CIFAR-10 document's 1,495-parameter conv autoencoder, trained by its recipe (BCE, Adam 0.001, batches of 128, 100 epochs): " +
      'loss per iteration in its windows (0-500, 500-2,500, all), per-epoch train/test BCE, time against iterations, reconstructions, ' +
      "the trained model (model/), results.json, report.md and report.html with the document's numbers side by side. " +
      'Scores on every test image the data holds. Run it again with the same --out to continue an interrupted run.',
  ).addHelpText('after', '\nExamples:\n  aelab reproduce cifar --quick --data-dir ../shared/data\n  aelab reproduce cifar --epochs 10 --out runs/cifar10');
}
