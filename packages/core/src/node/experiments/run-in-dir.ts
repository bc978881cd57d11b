import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../../errors.js';
import { parseOptions } from '../../experiments/errors.js';
import type { AnyExperiment, ExperimentReport } from '../../experiments/experiment.js';
import { runExperiment, type ExperimentEvent, type ExperimentOutcome } from '../../experiments/runner.js';
import { RUN_FILES } from '../../runs/layout.js';
import { writeFileAtomic, writeJson } from '../files.js';
import { DirJobStore } from './dir-store.js';
import { environment, hostFacts } from './environment.js';
import { FileArtifactSink } from './file-sink.js';

export interface RunInDirOptions {
  experiment: AnyExperiment;
  /** Raw options (JSON), validated with the experiment's schema. */
  options: unknown;
  outDir: string;
  /** The command line (or API call) for the report. */
  command?: string;
  /** `abort('cancel')` ends as cancelled, anything else as interrupted (resumable). */
  signal?: AbortSignal;
  onEvent?: (event: ExperimentEvent) => void | Promise<void>;
}

export interface RunInDirOutcome extends ExperimentOutcome<unknown> {
  outDir: string;
  /** Jobs an earlier run in the same directory had finished. */
  reused: number;
}

/** What an experiment's run.json holds besides the experiment's own facts. */
interface StoredRun {
  experiment?: string;
  options?: unknown;
}

/** Options that only say where or how fast the run happens, not what it computes: a resume may change them. */
const PLACE_OPTIONS = new Set(['backend', 'dataDir', 'download', 'threads']);

function comparable(options: unknown): string {
  const entries = Object.entries((options ?? {}) as Record<string, unknown>).filter(([k]) => !PLACE_OPTIONS.has(k));
  return JSON.stringify(Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b))));
}

/** An existing run in `outDir` must be this experiment with the same options: then it is resumed. */
function checkOutDir(outDir: string, name: string, options: unknown): boolean {
  if (!existsSync(outDir)) return false;
  if (!statSync(outDir).isDirectory()) throw new CoreError('OUTPUT_DIR', `output path ${outDir} exists and is not a directory`);
  const runFile = join(outDir, RUN_FILES.status);
  if (!existsSync(runFile)) return false;
  let stored: StoredRun;
  try {
    stored = JSON.parse(readFileSync(runFile, 'utf8')) as StoredRun;
  } catch {
    throw new CoreError('OUTPUT_DIR', `${runFile} cannot be read; choose another output directory`);
  }
  if (stored.experiment !== name) {
    throw new CoreError('OUTPUT_DIR', `${outDir} holds ${stored.experiment ? `a "${stored.experiment}" run` : 'another kind of run'}; choose another output directory`);
  }
  if (comparable(stored.options) !== comparable(options)) {
    throw new CoreError('OUTPUT_DIR', `${outDir} holds a ${name} run with other options (${comparable(stored.options)}); resume it with the same options or choose another output directory`);
  }
  return true;
}

/**
 * Runs an experiment into a run directory: results.json, run.json, report.md and report.html rewritten after every
 * job, figures and models as the jobs write them, and one child record per job under children/. Run again on the
 * same directory (after Ctrl-C, a crash, a kill), it skips the jobs that finished.
 */
export async function runExperimentInDir(opts: RunInDirOptions): Promise<RunInDirOutcome> {
  const { experiment, outDir } = opts;
  const name = experiment.definition.name;
  const options = parseOptions(name, experiment.definition.options, opts.options) as Record<string, unknown>;
  const resuming = checkOutDir(outDir, name, options);
  const env = await environment(typeof options.backend === 'string' ? options.backend : 'auto', typeof options.threads === 'number' ? options.threads : undefined);
  const store = new DirJobStore(outDir);
  let reused = 0;
  const write = (report: ExperimentReport) => {
    writeJson(join(outDir, RUN_FILES.results), report.results);
    writeJson(join(outDir, RUN_FILES.status), { experiment: name, options, ...report.runInfo });
    writeFileAtomic(join(outDir, RUN_FILES.reportMarkdown), report.markdown);
    writeFileAtomic(join(outDir, RUN_FILES.reportHtml), report.html);
    return Promise.resolve();
  };
  const outcome = await runExperiment({
    experiment,
    options,
    store,
    artifacts: new FileArtifactSink(outDir),
    environment: { command: opts.command ?? `runExperimentInDir(${name})`, backend: env.backend, versions: env.versions, host: hostFacts() },
    ...(opts.signal ? { signal: opts.signal } : {}),
    onEvent: async (e) => {
      if (e.type === 'plan') {
        reused = e.finished.length;
        if (resuming) await opts.onEvent?.({ type: 'note', message: `resuming ${outDir}: ${e.finished.length} of ${e.jobs.length} jobs already finished` });
      }
      await opts.onEvent?.(e);
    },
    onReport: write,
  });
  return { ...outcome, outDir, reused };
}
