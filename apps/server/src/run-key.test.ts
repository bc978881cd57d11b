import { describe, expect, it } from 'vitest';
import { canonicalJson, newRunId, runKey } from './run-key.js';

describe('runKey', () => {
  it('ignores key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: 'x' }] })).toBe('{"a":[2,{"c":"x"}],"b":1}');
    expect(runKey({ seed: 1, training: { epochs: 3, batchSize: 4 } })).toBe(runKey({ training: { batchSize: 4, epochs: 3 }, seed: 1 }));
  });

  it('changes with the seed and with any setting', () => {
    const base = { seed: 1, training: { epochs: 3 } };
    expect(runKey(base)).toMatch(/^[0-9a-f]{16}$/);
    expect(runKey({ ...base, seed: 2 })).not.toBe(runKey(base));
    expect(runKey({ ...base, training: { epochs: 4 } })).not.toBe(runKey(base));
  });

  it('makes ids that start with the key and differ between calls', () => {
    const key = runKey({ seed: 1 });
    const a = newRunId(key, 1000);
    const b = newRunId(key, 1000);
    expect(a.startsWith(`${key.slice(0, 8)}-`)).toBe(true);
    expect(a).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
    expect(a).not.toBe(b);
  });
});
