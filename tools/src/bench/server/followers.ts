/**
 * A child process of `pnpm bench server`: N clients that follow the server's live events the way the web app does.
 * Each watches every run's status changes (`runs.watch`, the runs list), and each new run is followed to its end by
 * one of them (`runs.events`, a run's page). Kept out of the process that times API calls, so that parsing this
 * stream does not count as server latency. Talks to its parent over IPC: `ready`, then `finish` → `summary`.
 */
import { createClient, type AelabClient } from '@aelab/server/client';
import { summarize, type Summary } from './stats.js';

export type ToFollowers = { type: 'finish'; ids: string[]; timeoutMs: number };
export type FromFollowers =
  | { type: 'ready' }
  | {
      type: 'summary';
      eventsDelivered: number;
      lag: Summary;
      streamsCompleted: number;
      watchersComplete: number;
      errors: string[];
    };

const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

function send(msg: FromFollowers): void {
  process.send!(msg);
}

async function main(url: string, n: number): Promise<void> {
  const clients: AelabClient[] = Array.from({ length: n }, () => createClient(url));
  const subs: { unsubscribe(): void }[] = [];
  const finalsSeen = clients.map(() => new Set<string>());
  const followed = new Set<string>();
  const completed = new Set<string>();
  const lags: number[] = [];
  const errors: string[] = [];
  let eventsDelivered = 0;
  let next = 0;

  const follow = (id: string): void => {
    if (followed.has(id)) return;
    followed.add(id);
    const since = Date.now();
    subs.push(
      clients[next++ % n]!.runs.events.subscribe(
        { id },
        {
          onData: ({ data }) => {
            eventsDelivered++;
            // Live events only: a replayed backlog is as old as the run.
            const at = Date.parse(data.time);
            if (at >= since) lags.push(Date.now() - at);
          },
          onError: (err) => errors.push(`events ${id}: ${err.message}`),
          onComplete: () => completed.add(id),
        },
      ),
    );
  };

  await Promise.all(
    clients.map(
      (c, i) =>
        new Promise<void>((resolve, reject) => {
          subs.push(
            c.runs.watch.subscribe(
              {},
              {
                onStarted: () => resolve(),
                onData: ({ data }) => {
                  if (data.type !== 'status') return;
                  if (FINAL.has(data.status)) finalsSeen[i]!.add(data.runId);
                  else follow(data.runId);
                },
                onError: (err) => {
                  errors.push(`watch: ${err.message}`);
                  reject(err);
                },
              },
            ),
          );
        }),
    ),
  );
  send({ type: 'ready' });

  process.on('message', (msg: ToFollowers) => {
    if (msg.type !== 'finish') return;
    void (async () => {
      const deadline = Date.now() + msg.timeoutMs;
      for (const id of msg.ids) follow(id);
      const done = (): boolean => msg.ids.every((id) => completed.has(id)) && finalsSeen.every((s) => msg.ids.every((id) => s.has(id)));
      while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      for (const s of subs) s.unsubscribe();
      send({
        type: 'summary',
        eventsDelivered,
        lag: summarize(lags),
        streamsCompleted: msg.ids.filter((id) => completed.has(id)).length,
        watchersComplete: finalsSeen.filter((s) => msg.ids.every((id) => s.has(id))).length,
        errors: errors.slice(0, 5),
      });
      process.disconnect();
    })();
  });
}

const [url, clients] = process.argv.slice(2);
if (!process.send || !url || !clients) {
  process.stderr.write('followers.ts runs as a child of `pnpm bench server`\n');
  process.exitCode = 2;
} else {
  await main(url, Number(clients));
}
