// Test helper: which ServerError code a call throws, so tests can assert on the stable code, not the message.
import { ServerError } from '../errors.js';

/** The thrown ServerError's code, 'OTHER' for any other throw, undefined when `fn` returns. */
export function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof ServerError ? err.code : 'OTHER';
  }
  return undefined;
}
