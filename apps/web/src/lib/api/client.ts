import type { AppRouter } from '@aelab/server';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from '@trpc/client';

export type ApiClient = TRPCClient<AppRouter>;

export interface Connection {
  /** The server's base URL, e.g. `http://127.0.0.1:7070` (no trailing slash). */
  url: string;
  token: string | null;
}

/**
 * The typed client of the run service: queries and mutations over HTTP (batched), subscriptions over the
 * browser's EventSource. EventSource cannot send headers, so there the token travels as a connection parameter.
 */
export function createApi(connection: Connection): ApiClient {
  const url = `${connection.url}/trpc`;
  const token = connection.token;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url, connectionParams: () => (token ? { token } : {}) }),
        false: httpBatchLink({ url, headers: () => (token ? { authorization: `Bearer ${token}` } : {}), maxURLLength: 4000 }),
      }),
    ],
  });
}

/** `runs.get` as the client receives it (the JSON-serialised `RunDetail`). */
export type RunDetailData = Awaited<ReturnType<ApiClient['runs']['get']['query']>>;
