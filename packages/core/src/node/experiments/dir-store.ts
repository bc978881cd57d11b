import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../../errors.js';
import { finishedRecord, startedRecord, type JobOutcome, type JobRecord, type JobStore } from '../../experiments/job-store.js';
import type { PlannedJob } from '../../experiments/experiment.js';
import { RUN_FILES, childRunDir, isSafeKey } from '../../runs/layout.js';
import { writeJson } from '../files.js';

/**
 * Child runs as folders of the experiment's run directory: `children/<key>/run.json`. A run of the same experiment
 * in the same directory finds the succeeded ones and skips them.
 */
export class DirJobStore<Result = unknown> implements JobStore<Result> {
  constructor(readonly runDir: string) {}

  private file(key: string): string {
    if (!isSafeKey(key)) throw new CoreError('INVALID_ARGUMENT', `job key "${key}" is not a safe folder name`);
    return join(this.runDir, childRunDir(key), RUN_FILES.status);
  }

  load(key: string): Promise<JobRecord<Result> | null> {
    const file = this.file(key);
    if (!existsSync(file)) return Promise.resolve(null);
    try {
      return Promise.resolve(JSON.parse(readFileSync(file, 'utf8')) as JobRecord<Result>);
    } catch {
      // A record cut short by a crash is a job to run again, not a reason to stop.
      return Promise.resolve(null);
    }
  }

  start(job: PlannedJob): Promise<void> {
    writeJson(this.file(job.key), startedRecord(job));
    return Promise.resolve();
  }

  async finish(job: PlannedJob, outcome: JobOutcome<Result>): Promise<void> {
    const previous = (await this.load(job.key)) ?? startedRecord<Result>(job);
    writeJson(this.file(job.key), finishedRecord(previous, outcome));
  }

  /** Every child record in the directory, for listings. */
  static list(runDir: string): JobRecord[] {
    const dir = join(runDir, RUN_FILES.children);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((name) => existsSync(join(dir, name, RUN_FILES.status)))
      .map((name) => JSON.parse(readFileSync(join(dir, name, RUN_FILES.status), 'utf8')) as JobRecord);
  }
}
