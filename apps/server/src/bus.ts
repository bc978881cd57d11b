import { EventEmitter } from 'node:events';
import type { RunEvent } from './api.js';

const ALL_STATUS = '*status';

const wire = new WeakMap<RunEvent, string>();

/**
 * The event's JSON as subscribers get it. A live event is one object for all its subscribers: it is serialised once
 * (or not at all, when whoever published it had its JSON already).
 */
export function eventJson(event: RunEvent): string {
  let json = wire.get(event);
  if (json === undefined) {
    json = JSON.stringify(event);
    wire.set(event, json);
  }
  return json;
}

/** In-process fan-out of registry events to live subscriptions. Events are stored before they are published. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** `json`: the event as subscribers get it, when it differs from `event` (a big snapshot stored without arrays). */
  publish(event: RunEvent, json?: string): void {
    if (json !== undefined) wire.set(event, json);
    this.emitter.emit(event.runId, event);
    if (event.type === 'status') this.emitter.emit(ALL_STATUS, event);
  }

  /** Listens to one run's events, or with `'*status'`, to every run's status changes. */
  subscribe(channel: string, listener: (event: RunEvent) => void): () => void {
    this.emitter.on(channel, listener);
    return () => this.emitter.off(channel, listener);
  }

  static readonly ALL_STATUS = ALL_STATUS;
}

/**
 * Merges a stored backlog with live events without gaps or repeats: subscribe first, then page through the
 * store from `afterSeq`, then drain what arrived live (skipping seqs already read). `isLast` ends the stream.
 */
export async function* replayThenFollow(opts: {
  bus: EventBus;
  channel: string;
  afterSeq: number;
  read: (afterSeq: number) => RunEvent[];
  isLast: (event: RunEvent) => boolean;
  /** Checked once the backlog is read: true when no further event can come (the run already ended). */
  finished: () => boolean;
  signal: AbortSignal | undefined;
  maxBuffered?: number;
}): AsyncGenerator<RunEvent> {
  const maxBuffered = opts.maxBuffered ?? 10_000;
  let buffer: RunEvent[] = [];
  let overflow = false;
  let wake: (() => void) | undefined;
  const unsubscribe = opts.bus.subscribe(opts.channel, (ev) => {
    if (buffer.length >= maxBuffered) {
      // A slow reader: drop the live copies and read from the store again.
      buffer = [];
      overflow = true;
    } else buffer.push(ev);
    wake?.();
  });
  const onAbort = (): void => wake?.();
  opts.signal?.addEventListener('abort', onAbort);
  let last = opts.afterSeq;
  try {
    let backlog = true;
    while (!opts.signal?.aborted) {
      if (backlog || overflow) {
        overflow = false;
        for (;;) {
          const page = opts.read(last);
          for (const ev of page) {
            if (ev.seq <= last) continue;
            last = ev.seq;
            yield ev;
            if (opts.isLast(ev)) return;
          }
          if (page.length === 0) break;
        }
        if (backlog && opts.finished()) return;
        backlog = false;
      }
      while (buffer.length > 0 && !overflow) {
        const ev = buffer.shift()!;
        if (ev.seq <= last) continue;
        last = ev.seq;
        yield ev;
        if (opts.isLast(ev)) return;
      }
      if (buffer.length === 0 && !overflow && !opts.signal?.aborted) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    }
  } finally {
    unsubscribe();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
