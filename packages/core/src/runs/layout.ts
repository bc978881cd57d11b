/**
 * The layout of a run directory, shared by core's writers, the server (which keeps one per run) and the web (which
 * links artifacts by these paths). Paths are relative to the run directory and always use `/`.
 */
export const RUN_FILES = {
  /** The run's own record: status, times, environment (every kind of run). */
  status: 'run.json',
  /** Training runs: the parsed config, metrics, checkpoint, model, snapshots. */
  config: 'config.json',
  metricsJsonl: 'metrics.jsonl',
  metricsCsv: 'metrics.csv',
  checkpointState: 'checkpoint/state.json',
  checkpointArrays: 'checkpoint/arrays.bin',
  modelJson: 'model/model.json',
  modelWeights: 'model/weights.bin',
  summary: 'summary.json',
  snapshots: 'snapshots',
  images: 'images',
  /** Results of any run: a training run's final numbers, an experiment's tables. */
  results: 'results.json',
  /** Experiments: the reports, their figures and models, and one folder per child run (a job). */
  reportMarkdown: 'report.md',
  reportHtml: 'report.html',
  figures: 'figures',
  models: 'models',
  children: 'children',
} as const;

/** Where a child run (one job of an experiment) keeps its record, relative to the parent's run directory. */
export function childRunDir(key: string): string {
  return `${RUN_FILES.children}/${key}`;
}

/** Job keys become folder names and ids: letters, digits, `.`, `_` and `-` only. */
export function isSafeKey(key: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(key);
}
