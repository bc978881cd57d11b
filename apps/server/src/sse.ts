import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RunEvent } from './api.js';
import { eventJson } from './bus.js';
import { eventsInput, watchInput } from './router.js';
import type { RunService } from './service.js';
import { SSE_OPTIONS } from './trpc.js';

/*
 * runs.events and runs.watch served straight onto the socket, in tRPC's SSE framing (what httpSubscriptionLink's
 * EventSource reads, as @trpc/server's sseStreamProducer writes it): `connected` with the client options, one
 * message per event with its seq as id, `ping` every 10 s, `return` at the end.
 *
 * Why: tRPC sends each message of each subscriber through a chain of async generators and web streams (ping timer
 * race, SSE transform, text encoder, pipe to the response) and serialises the event once per subscriber. With 50
 * browsers watching, that fan-out was most of the server's CPU and the API's latency. Here an event is serialised
 * once, however many subscribers get it, and written with one `res.write`. Anything unusual — a missing or wrong
 * token, bad input, an unknown run, the subscription limit — is left to tRPC, which answers it as before.
 */

const HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};
const CONNECTED = `event: connected\ndata: ${JSON.stringify(SSE_OPTIONS.client)}\n\n\n`;
const PING = 'event: ping\ndata: \n\n\n';
const RETURN = 'event: return\ndata: \n\n\n';

/** One event as an SSE message; a live event is serialised once for all its subscribers (see eventJson). */
function frame(ev: RunEvent): string {
  return `data: ${eventJson(ev)}\nid: ${ev.seq}\n\n\n`;
}

function connectionParams(raw: string | null): Record<string, string> | null | undefined {
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (v === null) return null;
    if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) return undefined;
    return v as Record<string, string>;
  } catch {
    return undefined;
  }
}

function lastEventIdOf(req: IncomingMessage, url: URL): string | null {
  const h = req.headers['last-event-id'];
  return (typeof h === 'string' ? h : null) ?? url.searchParams.get('lastEventId') ?? url.searchParams.get('Last-Event-Id');
}

export type Authorize = (req: IncomingMessage, params: Record<string, string> | null) => boolean;

/** Returns a handler that serves a subscription and returns true, or returns false to let tRPC answer. */
export function createSubscriptionHandler(service: RunService, authorize: Authorize): (req: IncomingMessage, res: ServerResponse, url: URL) => boolean {
  const live = new Set<ServerResponse>();
  setInterval(() => {
    for (const res of live) res.write(PING);
  }, SSE_OPTIONS.ping.intervalMs).unref();

  return (req, res, url) => {
    if (req.method !== 'GET') return false;
    const path = url.pathname.slice('/trpc/'.length);
    if (path !== 'runs.events' && path !== 'runs.watch') return false;
    const params = connectionParams(url.searchParams.get('connectionParams'));
    if (params === undefined || !authorize(req, params)) return false;
    let raw: unknown;
    try {
      const s = url.searchParams.get('input');
      raw = s === null ? undefined : JSON.parse(s);
    } catch {
      return false;
    }
    // As tRPC does: a reconnecting EventSource's Last-Event-ID goes into the input.
    const lastEventId = lastEventIdOf(req, url);
    if (lastEventId) raw = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw, lastEventId } : (raw ?? { lastEventId });
    const controller = new AbortController();
    let events: AsyncIterable<RunEvent>;
    try {
      if (path === 'runs.events') {
        const input = eventsInput.safeParse(raw);
        if (!input.success) return false;
        events = service.events(input.data.id, Number(input.data.lastEventId ?? 0), controller.signal);
      } else {
        const input = watchInput.safeParse(raw);
        if (!input.success) return false;
        events = service.watch(Number(input.data.lastEventId ?? 0), controller.signal);
      }
    } catch {
      // NOT_FOUND, LIMIT_EXCEEDED: tRPC says so in its own shape.
      return false;
    }
    void stream(res, events, controller, live);
    return true;
  };
}

async function stream(res: ServerResponse, events: AsyncIterable<RunEvent>, controller: AbortController, live: Set<ServerResponse>): Promise<void> {
  const abort = (): void => controller.abort();
  res.on('close', abort);
  res.writeHead(200, HEADERS);
  res.write(CONNECTED);
  live.add(res);
  const it = events[Symbol.asyncIterator]();
  try {
    for (;;) {
      const r = await it.next();
      if (r.done || controller.signal.aborted) break;
      // Events that come together (a backlog, a worker's batch) leave in one write.
      if (res.writableCorked === 0) {
        res.cork();
        process.nextTick(() => res.uncork());
      }
      if (!res.write(frame(r.value))) await drained(res);
    }
    if (!controller.signal.aborted) res.write(RETURN);
  } catch {
    // The store failed mid-stream: ending without `return` makes the client reconnect from its last event id.
  } finally {
    live.delete(res);
    res.off('close', abort);
    await it.return?.();
    res.end();
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
