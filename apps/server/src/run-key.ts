import { createHash, randomBytes } from 'node:crypto';

/** JSON with object keys sorted, so equal configs give equal strings whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 of the canonical parsed config (which includes the seed), 16 hex digits. */
export function runKey(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}

/** `<key8>-<time base36><random>`: sorts roughly by creation, says which config it ran, never collides in practice. */
export function newRunId(key: string, now = Date.now()): string {
  return `${key.slice(0, 8)}-${now.toString(36)}${randomBytes(3).toString('hex')}`;
}
