import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import type { ReproduceConfig } from './config.js';
import { runExperiment, type ReproduceEvent } from './experiment.js';
import { environment } from './environment.js';
import type { ResultsDocument, RunInfo } from './results.js';
import { ReportWriter } from './writer.js';

export interface ReproduceOptions {
  outDir: string;
  /** The command line, for the report. */
  command?: string;
  signal?: AbortSignal;
  onEvent?: (event: ReproduceEvent) => void;
}

export interface ReproduceOutcome {
  document: ResultsDocument;
  info: RunInfo;
  outDir: string;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/**
 * Runs the DDAE reproduction into `outDir`, rewriting results.json and the reports after every finished row.
 * A stop through `signal` is not an error: the outcome has status `stopped` and the rows finished until then.
 */
export async function reproduceDdae(config: ReproduceConfig, options: ReproduceOptions): Promise<ReproduceOutcome> {
  const env = await environment(config.backend);
  const cpuList = cpus();
  const info: RunInfo = {
    status: 'running',
    command: options.command ?? 'reproduceDdae()',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    totalSeconds: 0,
    backend: env.backend,
    versions: env.versions,
    host: { platform: `${platform()} ${release()}`, cpus: cpuList.length, cpuModel: cpuList[0]?.model.trim() ?? 'unknown' },
    datasets: [],
    skipped: [],
    notes: [],
    selections: [],
    figures: [],
    models: [],
  };
  const writer = new ReportWriter(options.outDir, config, info);
  await writer.check();
  const tasks: Promise<void>[] = [];
  // Files appear once the data is loaded and the jobs planned; a mistake before that leaves nothing behind.
  let planned = false;
  const onEvent = (e: ReproduceEvent) => {
    switch (e.type) {
      case 'note':
        writer.addNote(e.message);
        break;
      case 'dataset':
        writer.addDataset(e.info);
        break;
      case 'skip':
        writer.addSkip(e.dataset, e.reason);
        break;
      case 'selection':
        writer.addSelection(e.selection);
        break;
      case 'figure':
        tasks.push(writer.addFigure(e.figure, e.png));
        break;
      case 'plan':
        planned = true;
        tasks.push(writer.flush());
        break;
      case 'row':
        writer.addRow(e.row);
        tasks.push(writer.flush());
        break;
      default:
        break;
    }
    options.onEvent?.(e);
  };
  try {
    await runExperiment(config, {
      signal: options.signal,
      onEvent,
      saveStack: async (job, stack) => {
        const dir = join('models', `${job.dataset}-${job.model}-seed${job.seed}`);
        await stack.save(join(options.outDir, dir));
        writer.addModel(dir, job.dataset, job.model, job.seed);
        return dir;
      },
    });
    writer.setStatus('complete');
  } catch (err) {
    writer.setStatus(isAbort(err) ? 'stopped' : 'failed');
    await Promise.allSettled(tasks);
    if (planned) await writer.flush();
    if (!isAbort(err)) throw err;
    return { document: writer.document(), info, outDir: options.outDir };
  }
  await Promise.all(tasks);
  await writer.flush();
  return { document: writer.document(), info, outDir: options.outDir };
}
