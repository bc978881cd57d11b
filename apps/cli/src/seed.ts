import { InvalidArgumentError } from 'commander';

/** Seeds as the random generators take them: unsigned 32-bit. A negative one would only alias a positive one. */
export const MAX_SEED = 2 ** 32 - 1;

export const SEED_HELP = `a whole number from 0 to ${MAX_SEED}`;

/** commander's parser for `--seed`: rejects negative, fractional and too large values with one plain sentence. */
export function seedArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_SEED) throw new InvalidArgumentError(`expected ${SEED_HELP}`);
  return n;
}
