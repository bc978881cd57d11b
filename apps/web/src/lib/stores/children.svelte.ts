import type { ApiClient } from '../api/client.js';
import { describeError, type Problem } from '../api/errors.js';
import type { RunSummary } from '@aelab/server';
import { listChildren } from '../api/experiments.js';

/** Re-reads are spaced at least this far apart while jobs finish one after another. */
const REFRESH_MS = 1000;

/** An experiment's child runs (`runs.list({ parent })`), re-read when its jobs start or end. */
export class ChildrenStore {
  items = $state.raw<RunSummary[]>([]);
  total = $state(0);
  problem = $state<Problem | null>(null);

  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  constructor(
    readonly parentId: string,
    private readonly api: (() => ApiClient) | null = null,
  ) {}

  async refresh(): Promise<void> {
    const api = this.api?.();
    if (!api) return;
    try {
      const list = await listChildren(api, this.parentId);
      if (this.#stopped) return;
      this.items = list.items;
      this.total = list.total;
      this.problem = null;
    } catch (err) {
      if (!this.#stopped) this.problem = describeError(err);
    }
  }

  scheduleRefresh(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.refresh();
    }, REFRESH_MS);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
