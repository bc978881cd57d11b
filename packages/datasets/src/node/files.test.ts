import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gzip, tempDir } from '../../test/fixtures.js';
import { canonicalDifference, combinedChecksum, gunzipIfNeeded, locate, md5Hex, readCanonical, sha256Hex } from './files.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('gunzipIfNeeded', () => {
  it('inflates gzip and passes other bytes through', () => {
    expect(new TextDecoder().decode(gunzipIfNeeded(gzip('abc'), 'f'))).toBe('abc');
    const raw = enc('plain');
    expect(gunzipIfNeeded(raw, 'f')).toBe(raw);
  });

  it('reports truncated and corrupt streams as CORRUPT_GZIP naming the file', () => {
    const gz = gzip(new Uint8Array(5000).map((_, i) => (i * 31) % 251));
    expect(() => gunzipIfNeeded(gz.subarray(0, gz.length - 100), 'mnist/x.gz')).toThrow(/mnist\/x\.gz: gzip stream is cut short/);
    const corrupt = gz.slice();
    for (let i = 20; i < 60; i++) corrupt[i] = 0xff;
    expect(() => gunzipIfNeeded(corrupt, 'f')).toThrow(expect.objectContaining({ code: 'CORRUPT_GZIP' }));
  });
});

describe('checksums', () => {
  it('hashes like sha256sum / md5sum', () => {
    expect(sha256Hex(enc('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(md5Hex(enc('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('combines several files as the sha256 of their sha256sum listing', () => {
    expect(combinedChecksum([])).toBeUndefined();
    expect(combinedChecksum([{ name: 'a', sha256: 'x' }])).toBe('sha256:x');
    expect(combinedChecksum([{ name: 'a', sha256: 'x' }, { name: 'b', sha256: 'y' }])).toBe(`sha256:${sha256Hex(enc('x  a\ny  b\n'))}`);
  });

  it('explains differences from the canonical digests', () => {
    const bytes = enc('abc');
    const sha = sha256Hex(bytes);
    expect(canonicalDifference({ name: 'f.gz', sha256: sha }, 'f.gz', bytes, sha)).toBeUndefined();
    expect(canonicalDifference({ name: 'f.gz', sha256: 'beef' }, 'f.gz', bytes, sha)).toMatch(/not the canonical beef/);
    expect(canonicalDifference({ name: 'f.gz', md5: '900150983cd24fb0d6963f7d28e17f72' }, 'f.gz', bytes, sha)).toBeUndefined();
    expect(canonicalDifference({ name: 'f.gz', alternatives: ['f'], rawMd5: 'beef' }, 'f', bytes, sha)).toMatch(/uncompressed/);
    expect(canonicalDifference({ name: 'f.gz' }, 'f.gz', bytes, sha)).toBeUndefined();
  });
});

describe('readCanonical', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('finds the canonical name first, then the alternatives', () => {
    mkdirSync(join(dir.path, 'mnist'), { recursive: true });
    writeFileSync(join(dir.path, 'mnist', 'x'), 'raw');
    expect(locate(join(dir.path, 'mnist'), { name: 'x.gz', alternatives: ['x'] })?.name).toBe('x');
    const read = readCanonical(dir.path, 'mnist', { name: 'x.gz', alternatives: ['x'] });
    expect(read.label).toBe('mnist/x');
    expect(new TextDecoder().decode(read.content)).toBe('raw');
    writeFileSync(join(dir.path, 'mnist', 'x.gz'), gzip('zipped'));
    expect(new TextDecoder().decode(readCanonical(dir.path, 'mnist', { name: 'x.gz', alternatives: ['x'] }).content)).toBe('zipped');
  });

  it('names the missing file and the root searched', () => {
    expect(() => readCanonical(dir.path, 'usps', { name: 'zip.train.gz', alternatives: ['zip.train'] })).toThrow(
      expect.objectContaining({ code: 'FILE_MISSING', message: `usps/zip.train.gz not found in ${dir.path} (nor usps/zip.train)` }),
    );
  });
});
