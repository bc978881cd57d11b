// Test helpers: what a failed tRPC call carries (its stable appCode), and the error of a call expected to fail.
import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../router.js';

export function appCode(err: unknown): string | undefined {
  return err instanceof TRPCClientError ? (err.data as { appCode?: string } | undefined)?.appCode : undefined;
}

export async function rejection(p: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCClientError) return err as TRPCClientError<AppRouter>;
    throw err;
  }
  throw new Error('expected the call to fail');
}
