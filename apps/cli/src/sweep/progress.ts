import { describeValues, formatSweepNumber, sweepMetricNames, type SweepPlan } from '@aelab/core';
import type { PoolOutcome, PoolProgress, PoolTask } from './protocol.js';

/**
 * A local sweep's progress for people on stderr: a line per finished run, and on a terminal one line rewritten in
 * place with the runs in flight (elsewhere their epochs every few seconds at most, so logs stay short).
 */
export class SweepProgress {
  private readonly tty = process.stderr.isTTY === true;
  private readonly live = new Map<string, string>();
  private done = 0;
  private lastPlain = 0;
  private drawn = false;

  constructor(
    private readonly plan: SweepPlan,
    private readonly enabled: boolean,
  ) {}

  /** `finished`: runs an earlier attempt completed (a resumed sweep skips them). */
  begin(dir: string, concurrency: number, finished = 0): void {
    const { points, runs, spec } = this.plan;
    this.done = finished;
    const before = finished > 0 ? ` (${finished} finished before)` : '';
    this.line(`sweep: ${points.length} point${points.length === 1 ? '' : 's'} × ${spec.seeds} seed${spec.seeds === 1 ? '' : 's'} = ${runs.length} runs${before}, ${concurrency} at a time, in ${dir}`);
  }

  start(task: PoolTask): void {
    this.live.set(task.key, `${task.key} starting`);
    this.redraw();
  }

  progress(task: PoolTask, p: PoolProgress): void {
    this.live.set(task.key, `${task.key} epoch ${p.epoch}/${p.epochs} loss ${formatSweepNumber(p.loss)}`);
    if (this.tty) return this.redraw();
    if (this.enabled && performance.now() - this.lastPlain > 5000) {
      this.lastPlain = performance.now();
      process.stderr.write(`${this.status()}\n`);
    }
  }

  end(task: PoolTask, outcome: PoolOutcome): void {
    this.live.delete(task.key);
    this.done += 1;
    const run = this.plan.runs.find((r) => r.key === task.key)!;
    const metric = sweepMetricNames(Object.keys(outcome.metrics))[0];
    const shown = metric !== undefined ? `, ${metric} ${formatSweepNumber(outcome.metrics[metric]!)}` : '';
    const why = outcome.error ? `: ${outcome.error.message} [${outcome.error.code}]` : '';
    this.line(`[${this.done}/${this.plan.runs.length}] ${task.key} (${describeValues(this.plan.points[run.point]!.values)}, seed ${run.seed}) ${outcome.status}${why} in ${outcome.seconds.toFixed(1)} s${shown}`);
    this.redraw();
  }

  /** A permanent line (the live one is drawn again below it). */
  line(text: string): void {
    if (!this.enabled) return;
    this.clear();
    process.stderr.write(`${text}\n`);
  }

  finish(): void {
    if (this.enabled) this.clear();
  }

  private status(): string {
    return `[${this.done}/${this.plan.runs.length} done] ${[...this.live.values()].join(' · ')}`;
  }

  private redraw(): void {
    if (!this.enabled || !this.tty || this.live.size === 0) return;
    const width = process.stderr.columns ?? 100;
    process.stderr.write(`\r\x1b[K${this.status().slice(0, width - 1)}`);
    this.drawn = true;
  }

  private clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}
