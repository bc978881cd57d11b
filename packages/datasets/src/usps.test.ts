import { describe, expect, it } from 'vitest';
import { uspsLine } from '../test/fixtures.js';
import { DatasetError } from './errors.js';
import { parseUsps } from './usps.js';

const enc = (s: string) => new TextEncoder().encode(s);

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof DatasetError ? err.code : String(err);
  }
  return undefined;
}

describe('parseUsps', () => {
  it('maps [-1, 1] to [0, 1] and reads labels', () => {
    const text = `${uspsLine(6, (p) => (p === 7 ? -0.631 : p === 8 ? 0.862 : -1))} \n${uspsLine(0, () => 1)}\n`;
    const out = parseUsps(enc(text), 'zip.train');
    expect(out.count).toBe(2);
    expect(Array.from(out.labels)).toEqual([6, 0]);
    expect(out.features[0]).toBe(0);
    expect(out.features[7]).toBeCloseTo((1 - 0.631) / 2, 6);
    expect(out.features[8]).toBeCloseTo((1 + 0.862) / 2, 6);
    expect(out.features[256 + 100]).toBe(1);
  });

  it('skips blank lines, accepts CRLF and a missing final newline, and honours a limit', () => {
    const line = uspsLine(3, () => 0);
    expect(parseUsps(enc(`\n${line}\r\n\r\n${line}`), 'f').count).toBe(2);
    expect(parseUsps(enc(`${line}\n${line}\n${line}\n`), 'f', 2).count).toBe(2);
  });

  it('gives the same content digest input for differently formatted text with the same values', () => {
    const a = parseUsps(enc(`${uspsLine(2, (p) => (p % 3) / 2 - 0.5)}\n`), 'a');
    const b = parseUsps(enc(`  ${uspsLine(2, (p) => (p % 3) / 2 - 0.5).replace(/0+(?= |$)/g, '').replace(/ /g, '\t')}\n`), 'b');
    expect(Array.from(b.digestInput)).toEqual(Array.from(a.digestInput));
    // Label 2 -> 20000 in units of 1e-4, little-endian int32.
    expect(new Int32Array(a.digestInput.buffer)[0]).toBe(20000);
  });

  it('rejects short lines, bad numbers, bad labels and out-of-range pixels, naming the line', () => {
    const good = uspsLine(1, () => 0);
    expect(code(() => parseUsps(enc(`${good}\n1.0 0.5 0.5\n`), 'f'))).toBe('TRUNCATED');
    expect(() => parseUsps(enc(`${good}\n1.0 0.5 0.5\n`), 'zip.test')).toThrow(/zip\.test: line 2/);
    expect(code(() => parseUsps(enc(`${good} 0.1\n`), 'f'))).toBe('BAD_FORMAT');
    expect(code(() => parseUsps(enc(good.replace(/^1\.0000/, 'x')), 'f'))).toBe('BAD_FORMAT');
    expect(code(() => parseUsps(enc(good.replace(/^1\.0000/, '1.5')), 'f'))).toBe('BAD_FORMAT');
    expect(code(() => parseUsps(enc(good.replace(/^1\.0000/, '10.0')), 'f'))).toBe('BAD_FORMAT');
    expect(code(() => parseUsps(enc(uspsLine(1, (p) => (p === 3 ? 2 : 0))), 'f'))).toBe('BAD_FORMAT');
  });

  it('reads exponents', () => {
    const out = parseUsps(enc(uspsLine(4, () => 0).replace(/ 0\.0000$/, ' 5e-1')), 'f');
    expect(out.features[255]).toBeCloseTo(0.75, 6);
  });
});
