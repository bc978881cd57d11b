import { isFinalStatus } from '@aelab/core';
import type { ApiClient } from '../api/client.js';
import { describeError, type Problem } from '../api/errors.js';
import { getSweep, type SweepData } from '../api/sweeps.js';
import type { LoadState } from './runs.svelte.js';

/** While any of its runs is queued or running, a sweep is read again this often. */
const POLL_MS = 1500;

/**
 * One sweep as its page shows it: `sweeps.get` (the parent, its points and every run), read again while it is
 * live. A sweep's news is its runs finishing one by one; re-reading the whole answer keeps the table exact.
 */
export class SweepStore {
  sweep = $state.raw<SweepData | null>(null);
  state = $state<LoadState>('loading');
  problem = $state<Problem | null>(null);

  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  constructor(
    readonly id: string,
    private readonly api: (() => ApiClient) | null = null,
  ) {}

  get live(): boolean {
    const s = this.sweep;
    return s !== null && (!isFinalStatus(s.run.status) || s.children.some((c) => !isFinalStatus(c.run.status)));
  }

  /** Loads the sweep and keeps it fresh while live; returns the stop function (for an $effect). */
  start(): () => void {
    void this.refresh();
    return () => this.stop();
  }

  async refresh(): Promise<void> {
    const api = this.api?.();
    if (!api || this.#stopped) return;
    try {
      const sweep = await getSweep(api, this.id);
      if (this.#stopped) return;
      this.sweep = sweep;
      this.state = 'ready';
      this.problem = null;
    } catch (err) {
      if (this.#stopped) return;
      this.problem = describeError(err);
      if (this.state === 'loading' || this.problem.kind === 'not-found') this.state = 'problem';
    }
    if (this.live || this.state !== 'ready') this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(): void {
    if (this.#stopped || this.#timer || this.problem?.kind === 'not-found') return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.refresh();
    }, POLL_MS);
  }
}
