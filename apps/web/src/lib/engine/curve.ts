import type { EpochRecord } from '@aelab/core';

/**
 * The loss curve a page keeps from the epochs the engine hands over: every `stride`-th epoch plus the first, the
 * stride doubling whenever more than `max` are kept, so drawing stays cheap in long runs. The latest epoch is always
 * the last point.
 */
export class ThinnedCurve {
  private kept: EpochRecord[] = [];
  private stride = 1;

  constructor(private readonly max: number) {}

  reset(): void {
    this.kept = [];
    this.stride = 1;
  }

  /** Adds new epochs; returns the curve to draw (a fresh array). */
  add(records: EpochRecord[]): EpochRecord[] {
    for (const r of records) {
      if (r.epoch % this.stride === 0 || r.epoch === 1) this.kept.push(r);
      if (this.kept.length > this.max) {
        this.stride *= 2;
        this.kept = this.kept.filter((k) => k.epoch % this.stride === 0 || k.epoch === 1);
      }
    }
    const latest = records.at(-1);
    return latest && this.kept.at(-1) !== latest ? [...this.kept, latest] : this.kept.slice();
  }
}
