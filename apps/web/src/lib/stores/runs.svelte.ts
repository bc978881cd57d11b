import type { RunEvent, RunStatus, RunSummary } from '@aelab/server';
import type { ApiClient } from '../api/client.js';
import { describeError, type Problem } from '../api/errors.js';
import { listChildren } from '../api/experiments.js';
import { applyStatusEvent, isLive } from '../runs/list.js';

export type LoadState = 'loading' | 'ready' | 'problem';
/** The live feed: connecting (or reconnecting after a drop), live, or off (the page stopped it). */
export type LiveState = 'off' | 'connecting' | 'live';

/** How often a list with training runs is reloaded for their progress (status changes arrive at once). */
const PROGRESS_REFRESH_MS = 2000;
const PAGE_SIZE = 100;

/**
 * The runs list: `runs.list` for the rows, `runs.watch` for status changes as they happen. A change to a run
 * on the list is applied in place; anything else (a new run) reloads the list. While runs train, the list is
 * also reloaded every two seconds for their progress and latest metrics.
 */
export class RunsStore {
  items = $state.raw<RunSummary[]>([]);
  total = $state(0);
  state = $state<LoadState>('loading');
  problem = $state<Problem | null>(null);
  live = $state<LiveState>('off');
  /** Why the live feed stopped (the list itself may still be fine). */
  feedProblem = $state<Problem | null>(null);
  /** Only runs in these states (empty: all). */
  statusFilter = $state<RunStatus[]>([]);
  /** Only the child runs (jobs) of this experiment run (null: top-level runs, as the server lists by default). */
  parent = $state<string | null>(null);

  #reload: ReturnType<typeof setTimeout> | null = null;
  #poll: ReturnType<typeof setInterval> | null = null;
  #generation = 0;

  /** Without an api (tests, stories) the store only applies what it is given. */
  constructor(private readonly api: (() => ApiClient) | null = null) {}

  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    try {
      const api = this.api?.();
      if (!api) return;
      const filter = this.statusFilter.length > 0 ? { status: this.statusFilter } : {};
      const list = this.parent ? await this.#children(api, this.parent) : await api.runs.list.query({ ...filter, limit: PAGE_SIZE });
      // A slower, older request must not overwrite a newer answer.
      if (generation !== this.#generation) return;
      this.items = list.items;
      this.total = list.total;
      this.state = 'ready';
      this.problem = null;
    } catch (err) {
      if (generation !== this.#generation) return;
      this.problem = describeError(err);
      this.state = 'problem';
    }
    this.#updatePolling();
  }

  async #children(api: ApiClient, parent: string): Promise<{ items: RunSummary[]; total: number }> {
    const list = await listChildren(api, parent, PAGE_SIZE);
    const items = this.statusFilter.length > 0 ? list.items.filter((r) => this.statusFilter.includes(r.status)) : list.items;
    return { items, total: this.statusFilter.length > 0 ? items.length : list.total };
  }

  /** Applies one `runs.watch` event. */
  apply(ev: RunEvent): void {
    if (ev.type !== 'status') return;
    if (this.statusFilter.length > 0 && !this.statusFilter.includes(ev.status)) {
      this.scheduleReload();
      return;
    }
    const next = applyStatusEvent(this.items, ev);
    if (next) this.items = next;
    // The row's metrics and progress come with the list, not the event.
    this.scheduleReload(next ? 300 : 0);
  }

  scheduleReload(delayMs = 0): void {
    if (this.#reload || !this.api) return;
    this.#reload = setTimeout(() => {
      this.#reload = null;
      void this.refresh();
    }, delayMs);
  }

  /** Loads the list and follows `runs.watch`; returns the function that stops both. */
  start(): () => void {
    const api = this.api?.();
    if (!api) return () => {};
    void this.refresh();
    this.live = 'connecting';
    const sub = api.runs.watch.subscribe(
      {},
      {
        onStarted: () => {
          this.live = 'live';
          this.feedProblem = null;
          // Whatever changed while the feed was down is in the list now.
          if (this.state !== 'loading') this.scheduleReload();
        },
        onData: ({ data }) => this.apply(data),
        onConnectionStateChange: (s) => {
          if (s.state === 'connecting') this.live = 'connecting';
          if (s.state === 'pending') this.live = 'live';
        },
        onError: (err) => {
          this.live = 'off';
          this.feedProblem = describeError(err);
        },
      },
    );
    return () => {
      sub.unsubscribe();
      this.live = 'off';
      if (this.#reload) clearTimeout(this.#reload);
      this.#reload = null;
      this.#stopPolling();
      this.#generation++;
    };
  }

  #updatePolling(): void {
    const training = this.items.some((r) => isLive(r.status));
    if (training && !this.#poll) this.#poll = setInterval(() => void this.refresh(), PROGRESS_REFRESH_MS);
    if (!training) this.#stopPolling();
  }

  #stopPolling(): void {
    if (this.#poll) clearInterval(this.#poll);
    this.#poll = null;
  }
}
