import { describe, expect, it } from 'vitest';
import { cifarFixture } from '../test/fixtures.js';
import { cifarRecordCount, decodeCifarRecords, parseCifarMeta } from './cifar.js';
import { DatasetError } from './errors.js';

describe('CIFAR-10 binary records', () => {
  it('counts whole records and rejects partial ones', () => {
    expect(cifarRecordCount(3073 * 4, 'b')).toBe(4);
    expect(() => cifarRecordCount(3073 * 4 + 10, 'data_batch_1.bin')).toThrow(DatasetError);
    expect(() => cifarRecordCount(3073 * 4 + 10, 'data_batch_1.bin')).toThrow(/data_batch_1\.bin.*4 whole, then 10 bytes/);
    expect(() => cifarRecordCount(0, 'b')).toThrow(/empty/);
  });

  it('turns planar R, G, B into interleaved NHWC in [0, 1]', () => {
    const bytes = cifarFixture(2, 5);
    const features = new Float32Array(3 * 3072);
    const labels = new Int32Array(3);
    decodeCifarRecords(bytes, 'b', 2, features, labels, 1);
    expect(Array.from(labels)).toEqual([0, 5, 6]);
    // Record 1 of the fixture (first = 5 -> r = 6), pixel 10 (row 0, col 10), channel G: (6 + 30 + 50) % 256 = 86.
    expect(features[(2 * 1024 + 10) * 3 + 1]).toBeCloseTo(86 / 255, 7);
    // Same record, pixel 1023 (row 31, col 31), channel B: (6 + 3069 + 100) % 256.
    expect(features[(2 * 1024 + 1023) * 3 + 2]).toBeCloseTo(((6 + 3069 + 100) % 256) / 255, 7);
  });

  it('rejects labels above 9', () => {
    const bytes = cifarFixture(1);
    bytes[0] = 10;
    expect(() => decodeCifarRecords(bytes, 'b', 1, new Float32Array(3072), new Int32Array(1), 0)).toThrow(/label 10/);
  });

  it('reads class names from batches.meta.txt', () => {
    expect(parseCifarMeta('airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n')?.[9]).toBe('truck');
    expect(() => parseCifarMeta('a\nb\n', 'cifar10/batches.meta.txt')).toThrow(
      expect.objectContaining({ code: 'BAD_FORMAT', message: 'cifar10/batches.meta.txt: lists 2 class names, expected 10 (one per line)' }),
    );
  });
});
