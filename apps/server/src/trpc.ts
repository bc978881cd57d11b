import { configError, formatIssues, runConfigSchema, sweepSpecSchema } from '@aelab/core';
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { z } from 'zod';
import type { Context } from './service-api.js';

/** Stable application codes of coded errors (ServerError, CoreError, DatasetError) mapped to HTTP-ish tRPC codes. */
function trpcCode(appCode: string): TRPC_ERROR_CODE_KEY {
  switch (appCode) {
    case 'NOT_FOUND':
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
      return appCode;
    case 'INVALID_STATE':
      return 'CONFLICT';
    case 'LIMIT_EXCEEDED':
      return 'TOO_MANY_REQUESTS';
    case 'CONFIG_TOO_LARGE':
      return 'PAYLOAD_TOO_LARGE';
    default:
      return 'BAD_REQUEST';
  }
}

function appCodeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : undefined;
}

/** Subscriptions' SSE settings; `sse.ts` serves runs.events and runs.watch with the same ones. */
export const SSE_OPTIONS = {
  ping: { enabled: true, intervalMs: 10_000 },
  client: { reconnectAfterInactivityMs: 25_000 },
} as const;

const t = initTRPC.context<Context>().create({
  // Stacks never leave the server.
  isDev: false,
  sse: SSE_OPTIONS,
  errorFormatter({ shape, error, path, input }) {
    let appCode = appCodeOf(error.cause);
    let message = shape.message;
    if (error.code === 'BAD_REQUEST' && error.cause instanceof z.ZodError) {
      if (path === 'runs.create' || path === 'sweeps.create') {
        // The same typed error the CLI and the web get: UNKNOWN_CONFIG_KEY with a did-you-mean, else INVALID_CONFIG.
        const problem = path === 'runs.create' ? configError(runConfigSchema, input, error.cause, 'run config') : configError(sweepSpecSchema, input, error.cause, 'sweep');
        appCode = problem.code;
        message = problem.message;
      } else {
        appCode = 'INVALID_INPUT';
        message = `invalid input: ${formatIssues(error.cause.issues)}`;
      }
    }
    if (!appCode) appCode = error.code === 'INTERNAL_SERVER_ERROR' ? 'INTERNAL' : error.code;
    return { ...shape, message, data: { ...shape.data, appCode } };
  },
});

/** Coded errors thrown by the service become tRPC errors with the matching status; the rest are internal. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause ?? result.error;
    const appCode = result.error.code === 'INTERNAL_SERVER_ERROR' ? appCodeOf(cause) : undefined;
    if (appCode) throw new TRPCError({ code: trpcCode(appCode), message: (cause as Error).message, cause: cause as Error });
  }
  return result;
});

const requireAuth = t.middleware(({ ctx, next }) => {
  if (!ctx.authorized) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'missing or wrong bearer token' });
  return next();
});

export const router = t.router;
export const procedure = t.procedure.use(requireAuth).use(mapErrors);
