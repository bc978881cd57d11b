import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatDuration } from '@aelab/core';
import { getExperiment, runExperimentInDir } from '@aelab/core/node';
import { CliError } from '../errors.js';
import { progressPrinter } from '../experiment-progress.js';
import { printJson, info } from '../output.js';
import { textTable } from '../report-table.js';
import { addDdaeOptions, ddaeOptionsFromFlags, type DdaeFlags } from './ddae-flags.js';

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

export function register(program: Command): void {
  const reproduce = program
    .command('reproduce')
    .description("reproduce a source document's tables end to end and write a report (see `aelab experiments list`)");
  const ddaeCommand = reproduce
    .command('ddae')
    .description(
      'the DDAE paper (DropConnect stacked autoencoder + kernel ELM): ELM, RELM, KELM, AE, SAE, DAE and DDAE on USPS and MNIST, ' +
        "with the paper's numbers side by side; writes results.json, report.md, report.html, figures, models and one children/ record per job. " +
        'Run it again with the same --out to continue an interrupted run: finished jobs are skipped.',
    )
    .option('--no-download', 'never download data files (MNIST then uses the embedded digits)')
    .option('--out <dir>', 'output directory (default runs/reproduce-ddae-<time>); an interrupted one is continued')
    .option('--json', 'print only results.json to stdout');
  addDdaeOptions(ddaeCommand, 'local')
    .action(async (opts: DdaeFlags & { out?: string; json?: boolean }) => {
      const options = await ddaeOptionsFromFlags(opts, 'local');
      await reproduceLocally('ddae', options, opts);
    });
}
