import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cifarFixture, gzip, tempDir, uspsLine } from '../../test/fixtures.js';
import { MANIFESTS } from '../manifest.js';
import { concatSplits, readSplit } from './readers.js';

describe('readSplit', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const put = (folder: string, name: string, bytes: Uint8Array | string) => {
    mkdirSync(join(dir.path, folder), { recursive: true });
    writeFileSync(join(dir.path, folder, name), bytes);
  };

  it('reads CIFAR-10 batches in order with the class names of batches.meta.txt', () => {
    put('cifar10', 'test_batch.bin', cifarFixture(3, 4));
    put('cifar10', 'batches.meta.txt', 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n');
    const ds = readSplit('cifar10', MANIFESTS.cifar10, dir.path, 'test', 'src');
    expect(ds.count).toBe(3);
    expect(Array.from(ds.labels)).toEqual([4, 5, 6]);
    expect(ds.classNames[9]).toBe('j');
    expect(ds.meta.warnings.some((w) => w.includes('holds 3 records; the canonical file has 10000'))).toBe(true);
  });

  it('refuses a CIFAR batches.meta.txt that does not list 10 names, naming it', () => {
    put('cifar10', 'test_batch.bin', cifarFixture(3, 4));
    put('cifar10', 'batches.meta.txt', 'cat\ndog\n');
    expect(() => readSplit('cifar10', MANIFESTS.cifar10, dir.path, 'test', 'src')).toThrow(
      expect.objectContaining({ code: 'BAD_FORMAT', message: 'cifar10/batches.meta.txt: lists 2 class names, expected 10 (one per line)' }),
    );
    put('cifar10', 'batches.meta.txt', 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n');
  });

  it('refuses an empty CIFAR batch, naming it', () => {
    put('cifar10', 'test_batch.bin', new Uint8Array(0));
    expect(() => readSplit('cifar10', MANIFESTS.cifar10, dir.path, 'test', 'src')).toThrow(
      expect.objectContaining({ code: 'TRUNCATED', message: 'cifar10/test_batch.bin: empty file' }),
    );
  });

  it('refuses an empty or blank USPS file (gzipped or not) instead of loading 0 records', () => {
    for (const [bytes, how] of [[gzip(''), 'empty'], [gzip('\n  \n\n'), 'blank']] as const) {
      put('usps', 'zip.test.gz', bytes);
      expect(() => readSplit('usps', MANIFESTS.usps, dir.path, 'test', 'src')).toThrow(
        expect.objectContaining({ code: 'EMPTY_FILE', message: `usps/zip.test.gz: holds no records (the file is ${how})` }),
      );
    }
    put('usps', 'zip.test.gz', '<html>404</html>');
    expect(() => readSplit('usps', MANIFESTS.usps, dir.path, 'test', 'src')).toThrow(expect.objectContaining({ code: 'CORRUPT_GZIP', message: expect.stringMatching(/^usps\/zip\.test\.gz: does not start with the gzip signature/) }));
  });

  it('names a truncated CIFAR batch', () => {
    put('cifar10', 'test_batch.bin', cifarFixture(2).subarray(0, 5000));
    expect(() => readSplit('cifar10', MANIFESTS.cifar10, dir.path, 'test', 'src')).toThrow(
      expect.objectContaining({ code: 'TRUNCATED', message: expect.stringContaining('cifar10/test_batch.bin') }),
    );
  });

  it('warns when USPS values differ from the canonical ones', () => {
    put('usps', 'zip.test.gz', gzip(`${uspsLine(2, () => 0.5)}\n`));
    const ds = readSplit('usps', MANIFESTS.usps, dir.path, 'test', 'src');
    expect(ds.count).toBe(1);
    expect(ds.meta.warnings.join('\n')).toMatch(/values differ from the canonical ones/);
    expect(ds.meta.warnings.join('\n')).toMatch(/holds 1 records; the canonical file has 2007/);
    const both = concatSplits(ds, ds);
    expect(both).toMatchObject({ split: 'all', count: 2 });
    expect(both.meta.warnings.length).toBe(2 * ds.meta.warnings.length);
  });
});
