import { describe, expect, it } from 'vitest';
import type { RunEvent } from './api.js';
import { EventBus, replayThenFollow } from './bus.js';

const status = (seq: number, s: 'queued' | 'running' | 'succeeded'): RunEvent => ({ seq, runId: 'r', time: 't', type: 'status', status: s });
const log = (seq: number): RunEvent => ({ seq, runId: 'r', time: 't', type: 'log', level: 'info', message: String(seq) });

/** A store and bus pair like the service's: append stores, then publishes. */
function harness() {
  const bus = new EventBus();
  const store: RunEvent[] = [];
  let final = false;
  return {
    bus,
    store,
    append(ev: RunEvent) {
      store.push(ev);
      if (ev.type === 'status' && ev.status === 'succeeded') final = true;
      bus.publish(ev);
    },
    follow(afterSeq: number, signal?: AbortSignal, maxBuffered?: number) {
      return replayThenFollow({
        bus,
        channel: 'r',
        afterSeq,
        read: (after) => store.filter((e) => e.seq > after).slice(0, 2),
        isLast: (e) => e.type === 'status' && e.status === 'succeeded',
        finished: () => final,
        signal,
        ...(maxBuffered ? { maxBuffered } : {}),
      });
    },
  };
}

async function take(it: AsyncGenerator<RunEvent>): Promise<number[]> {
  const out: number[] = [];
  for await (const ev of it) out.push(ev.seq);
  return out;
}

describe('replayThenFollow', () => {
  it('replays the backlog in pages, then follows live events, and ends on the last one', async () => {
    const h = harness();
    [status(1, 'queued'), status(2, 'running'), log(3), log(4), log(5)].forEach((e) => h.append(e));
    const it = h.follow(1);
    const result = take(it);
    await new Promise((r) => setTimeout(r, 5));
    h.append(log(6));
    h.append(status(7, 'succeeded'));
    h.append(log(8));
    expect(await result).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('ends at once for a finished run read to its end', async () => {
    const h = harness();
    [status(1, 'queued'), status(2, 'succeeded')].forEach((e) => h.append(e));
    expect(await take(h.follow(2))).toEqual([]);
    expect(await take(h.follow(0))).toEqual([1, 2]);
  });

  it('never repeats an event that arrives while the backlog is read', async () => {
    const h = harness();
    [log(1), log(2), log(3)].forEach((e) => h.append(e));
    const it = h.follow(0);
    const first = await it.next();
    // Published while the reader is between backlog pages: it is both stored and buffered.
    h.append(log(4));
    h.append(status(5, 'succeeded'));
    const rest = await take(it);
    expect([first.value!.seq, ...rest]).toEqual([1, 2, 3, 4, 5]);
  });

  it('re-reads from the store when a slow reader overflows its buffer', async () => {
    const h = harness();
    h.append(log(1));
    const it = h.follow(0, undefined, 2);
    expect((await it.next()).value!.seq).toBe(1);
    for (let s = 2; s <= 6; s++) h.append(log(s));
    h.append(status(7, 'succeeded'));
    expect(await take(it)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('stops when its signal aborts', async () => {
    const h = harness();
    const ctrl = new AbortController();
    const result = take(h.follow(0, ctrl.signal));
    h.append(log(1));
    await new Promise((r) => setTimeout(r, 5));
    ctrl.abort();
    expect(await result).toEqual([1]);
  });
});
