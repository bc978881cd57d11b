import type { z } from 'zod';
import type { RgbaImage } from '../outputs/image.js';
import type { RunStatus } from '../runs/status.js';

/**
 * What the web form, `aelab experiments list` and the server need to know about an experiment, without running
 * it: browser-safe. The options schema is the one validator for CLI flags, server input and the web form.
 */
export interface ExperimentDefinition<Schema extends z.ZodType = z.ZodType> {
  /** Stable, lower-case: `aelab reproduce NAME`, `runs submit --experiment NAME`. */
  name: string;
  title: string;
  description: string;
  /** The source document it reproduces (a file of `../shared/papers`) and its title. */
  source: { document: string; title: string };
  options: Schema;
  /** Options a quick look uses (the web form's "quick" preset, the tests' tiny runs). */
  quickOptions: z.input<Schema>;
  /** What the report holds, for people deciding whether to run it. */
  tables: readonly { id: string; title: string }[];
  figures: readonly { id: string; title: string }[];
  sections: readonly string[];
}

/** One unit of work of an experiment, e.g. a table row for one seed. Each becomes a child run. */
export interface PlannedJob {
  /** Stable across resumes; a folder name and part of the child's id (see `isSafeKey`). */
  key: string;
  title: string;
  /** Relative weight for progress and ETA (e.g. a flop count). */
  cost: number;
  /** Anything the experiment needs to find the job again (dataset, model, seed, ...); JSON. */
  meta: Record<string, string | number | boolean>;
}

/** Where a job's progress is: a stage name and/or an epoch of a training stage, and the job's done fraction. */
export interface JobProgress {
  stage?: string;
  /** Set while training: which level/stage, and the epoch's loss. */
  epoch?: { level: number; levels: number; epoch: number; epochs: number; loss: number };
  /** 0..1 of the job. */
  fraction?: number;
}

/**
 * Where jobs put their files. Paths are relative to the experiment's run directory (see RUN_FILES). Node writes
 * them to disk; another host (a browser, a test) may keep them in memory.
 */
export interface ArtifactSink {
  writeImage(path: string, image: RgbaImage): Promise<void>;
  writeBytes(path: string, data: Uint8Array): Promise<void>;
  readBytes(path: string): Promise<Uint8Array | null>;
}

export interface JobContext {
  signal?: AbortSignal | undefined;
  progress(update: JobProgress): void;
  note(message: string): void;
  artifacts: ArtifactSink;
}

export interface PrepareContext {
  signal?: AbortSignal | undefined;
  note(message: string): void;
}

/** An experiment after its data is loaded: the jobs it will run and how to run one. */
export interface PreparedExperiment<Info, Result> {
  jobs: PlannedJob[];
  /** JSON facts about the preparation for the report (data provenance, skipped parts, ...). */
  info: Info;
  runJob(job: PlannedJob, ctx: JobContext): Promise<Result>;
  dispose?(): void;
}

/** The documents an experiment's report consists of, rebuilt from its finished jobs after each one. */
export interface ExperimentReport {
  /** results.json */
  results: unknown;
  /** run.json: the run's facts and whatever else the experiment records about it. */
  runInfo: RunFacts & Record<string, unknown>;
  markdown: string;
  html: string;
  /** The tables as data, for a live view (the web) and the CLI's summary. */
  tables: ReportTable[];
}

export interface ReportTable {
  id: string;
  title: string;
  columns: string[];
  rows: string[][];
}

/** A finished job as the report sees it. */
export interface FinishedJob<Result> {
  job: PlannedJob;
  result: Result;
  seconds: number;
}

/** Facts about the run for the report: who ran it, where, for how long, in which state. */
export interface RunFacts {
  status: RunStatus;
  command: string;
  startedAt: string;
  finishedAt: string | null;
  totalSeconds: number;
  backend: { name: string; note: string };
  versions: Record<string, string>;
  host: { platform: string; cpus: number; cpuModel: string };
  notes: string[];
}

export interface ReportInput<Options, Info, Result> {
  options: Options;
  info: Info;
  finished: FinishedJob<Result>[];
  planned: PlannedJob[];
  run: RunFacts;
  /** The figure files (PNG bytes) by path, for a self-contained HTML report. */
  images: ReadonlyMap<string, Uint8Array>;
}

/** A runnable experiment: the definition plus how to prepare, run and report it. */
export interface Experiment<Schema extends z.ZodType = z.ZodType, Info = unknown, Result = unknown> {
  definition: ExperimentDefinition<Schema>;
  prepare(options: z.output<Schema>, ctx: PrepareContext): Promise<PreparedExperiment<Info, Result>>;
  report(input: ReportInput<z.output<Schema>, Info, Result>): ExperimentReport;
  /** Image paths of a finished job's result, so a resumed run can inline them in the HTML report. */
  imagesOf?(result: Result): string[];
}

/** Any experiment, for registries and hosts that don't care about its types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyExperiment = Experiment<z.ZodType, any, any>;
