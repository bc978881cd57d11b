import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_REFERENCE, tempDir } from '../../test/fixtures.js';
import { subsetDataset } from '../splits.js';
import { labelHistogram } from '../stats.js';
import { loadEmbeddedMnist } from './embedded.js';
import { applySplitFileAt, readSplitFile } from './splitfile.js';

const referenceSplit = join(SHARED_REFERENCE, 'mnist_split_seed0.json');

describe.skipIf(!existsSync(referenceSplit))('the reference split of the embedded digits', () => {
  it('gives 6000 train and 1000 test digits, indices into the file-ordered concatenation', () => {
    const { train, test } = applySplitFileAt(loadEmbeddedMnist(), referenceSplit);
    expect(train.count).toBe(6000);
    expect(test.count).toBe(1000);
    // train[0] = 3577: digits 0, 1, 2 hold 1001 + 1127 + 991 = 3119 records, digit 3 the next 1032.
    expect(train.labels[0]).toBe(3);
    // train[1] = 8925: past 0..7 (8 files, 8078 records), digit 8 holds 8078..9021.
    expect(train.labels[1]).toBe(8);
    expect(labelHistogram(train.labels, 10).reduce((a, b) => a + b, 0)).toBe(6000);
    expect(train.meta.split).toMatch(/train part \(6000\)/);
  });
});

describe('readSplitFile', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('gives FILE_MISSING for no file and INVALID_SPLIT_FILE for bad JSON', () => {
    expect(() => readSplitFile(join(dir.path, 'none.json'))).toThrow(expect.objectContaining({ code: 'FILE_MISSING' }));
    const bad = join(dir.path, 'bad.json');
    writeFileSync(bad, '{"train": [1,');
    expect(() => readSplitFile(bad)).toThrow(expect.objectContaining({ code: 'INVALID_SPLIT_FILE' }));
  });

  it('refuses a file whose lists are empty instead of giving splits of 0 records', () => {
    const empty = join(dir.path, 'empty.json');
    writeFileSync(empty, '{"train": [], "test": []}');
    const ds = subsetDataset(loadEmbeddedMnist(), Int32Array.from([0, 1, 2]));
    expect(() => applySplitFileAt(ds, empty)).toThrow(expect.objectContaining({ code: 'INVALID_SPLIT_FILE', message: `${empty}: "train" lists no records` }));
  });
});
