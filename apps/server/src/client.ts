// Node entry (`@aelab/server/client`): a typed client for tests and tools. Apps build their own from
// `import type { AppRouter }` (the CLI) or with the browser's EventSource (the web app).
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from '@trpc/client';
import { EventSource } from 'eventsource';
import type { AppRouter } from './router.js';

export type AelabClient = TRPCClient<AppRouter>;

/**
 * Queries and mutations over HTTP (batched), subscriptions over SSE. Node 20 has no EventSource, so the
 * `eventsource` package provides one; its custom fetch carries the bearer token.
 */
export function createClient(url: string, opts: { token?: string } = {}): AelabClient {
  const headers = opts.token ? { authorization: `Bearer ${opts.token}` } : undefined;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          EventSource,
          eventSourceOptions: {
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }),
          },
        }),
        false: httpBatchLink({ url: `${url}/trpc`, headers: () => headers ?? {}, maxURLLength: 4000 }),
      }),
    ],
  });
}
