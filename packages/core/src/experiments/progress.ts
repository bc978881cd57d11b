/** Where a long reproduction stands: fraction of the estimated work done and the time left at the pace so far. */
export interface ProgressSnapshot {
  /** 0..1 of the estimated total cost. */
  fraction: number;
  elapsedSeconds: number;
  /** null until enough work is done to extrapolate. */
  etaSeconds: number | null;
}

/**
 * Progress over a list of jobs of unequal, estimated cost (flop counts are a good enough proxy): the ETA
 * extrapolates the pace so far over the remaining estimated cost, so a mis-estimate of one kind of job only
 * skews the ETA until jobs of that kind have run.
 */
export class ProgressTracker {
  private readonly costs: number[];
  private readonly total: number;
  private completedCost = 0;
  private current = -1;
  private currentFraction = 0;
  private readonly startedAt: number;

  constructor(
    costs: readonly number[],
    private readonly now: () => number = () => performance.now() / 1000,
  ) {
    this.costs = costs.map((c) => (Number.isFinite(c) && c > 0 ? c : 1));
    this.total = this.costs.reduce((a, b) => a + b, 0);
    this.startedAt = now();
  }

  /** Marks job `index` as started (every job before it as finished). */
  startJob(index: number): void {
    this.completedCost = this.costs.slice(0, index).reduce((a, b) => a + b, 0);
    this.current = index;
    this.currentFraction = 0;
  }

  /** How far into the current job (0..1), e.g. epochs done over epochs planned. */
  setJobFraction(fraction: number): void {
    this.currentFraction = Math.min(1, Math.max(0, fraction));
  }

  finishJob(index: number): void {
    this.startJob(index + 1);
  }

  snapshot(): ProgressSnapshot {
    const currentCost = this.current >= 0 && this.current < this.costs.length ? this.costs[this.current]! * this.currentFraction : 0;
    const done = Math.min(this.total, this.completedCost + currentCost);
    const fraction = this.total > 0 ? done / this.total : 1;
    const elapsedSeconds = this.now() - this.startedAt;
    const etaSeconds = fraction > 0.002 && elapsedSeconds > 0 ? (elapsedSeconds * (1 - fraction)) / fraction : null;
    return { fraction, elapsedSeconds, etaSeconds };
  }
}

/** `1:02:03`, `4:05`, `0:07` — for progress lines. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
