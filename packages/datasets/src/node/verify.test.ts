import { describe, expect, it } from 'vitest';
import { gzip, mnistFixture, uspsLine } from '../../test/fixtures.js';
import { md5Hex, sha256Hex } from './files.js';
import { uspsContentSha256, verifyBytes } from './verify.js';

describe('verifyBytes', () => {
  const bytes = gzip(mnistFixture(2).labels);

  it('checks size, sha256 and md5 when the manifest has them', () => {
    expect(verifyBytes('mnist', { name: 'l.gz', size: bytes.length, sha256: sha256Hex(bytes), md5: md5Hex(bytes) }, bytes)).toBeUndefined();
    expect(verifyBytes('mnist', { name: 'l.gz', size: 1 }, bytes)).toMatch(/expected 1/);
    expect(verifyBytes('mnist', { name: 'l.gz', sha256: 'ab' }, bytes)).toMatch(/sha256 .*expected ab/);
    expect(verifyBytes('mnist', { name: 'l.gz', md5: 'ab' }, bytes)).toMatch(/md5 .*expected ab/);
  });

  it('falls back to the structure when no digest is known', () => {
    expect(verifyBytes('mnist', { name: 'l.gz' }, bytes)).toBeUndefined();
    expect(verifyBytes('mnist', { name: 'l.gz' }, bytes.subarray(0, 10))).toMatch(/cut short|corrupt/);
    expect(verifyBytes('cifar10', { name: 'b.bin' }, new Uint8Array(3074))).toMatch(/whole number/);
  });

  it('checks USPS by content digest and record count', () => {
    const text = new TextEncoder().encode(`${uspsLine(1, () => 0)}\n`);
    const { sha256, records } = uspsContentSha256(text, 'x');
    expect(records).toBe(1);
    expect(verifyBytes('usps', { name: 'zip.test.gz', contentSha256: sha256, records: 1 }, gzip(text))).toBeUndefined();
    expect(verifyBytes('usps', { name: 'zip.test.gz', contentSha256: sha256, records: 2 }, gzip(text))).toMatch(/1 records, expected 2/);
    expect(verifyBytes('usps', { name: 'zip.test.gz', contentSha256: 'ff' }, gzip(text))).toMatch(/content sha256/);
  });
});
