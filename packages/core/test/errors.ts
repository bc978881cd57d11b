import { CoreError } from '../src/errors.js';

/** The CoreError `fn` throws, for its code and message; anything else it throws passes through. */
export function coreErrorOf(fn: () => unknown): CoreError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CoreError) return err;
    throw err;
  }
  throw new Error('expected a CoreError');
}
