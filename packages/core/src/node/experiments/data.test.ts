import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../experiments/ddae/config.js';
import { loadTable } from './data.js';

const dataDir = resolve(import.meta.dirname, '../../../../../../shared/data');
const temp = mkdtempSync(join(tmpdir(), 'aelab-reproduce-data-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function labelsOf(y: Int32Array): Set<number> {
  return new Set(y);
}

describe('loadTable with a split file', () => {
  it('takes exactly the listed embedded digits, in order', async () => {
    const file = join(temp, 'split.json');
    writeFileSync(file, JSON.stringify({ train: [0, 1500, 9999], test: [9998, 2] }));
    const t = await loadTable('mnist', resolveConfig('quick', { mnist: { splitFile: file } }));
    expect(t.train.x.rows).toBe(3);
    expect(t.train.x.cols).toBe(784);
    expect(Array.from(t.train.y)).toEqual([0, 1, 9]);
    expect(Array.from(t.test.y)).toEqual([9, 0]);
    expect(t.imageShape).toEqual([28, 28]);
    expect(t.info.source).toMatch(/split file/);
  });

  it('rejects a split file that lists a digit in both parts', async () => {
    const file = join(temp, 'bad.json');
    writeFileSync(file, JSON.stringify({ train: [1, 2], test: [2] }));
    await expect(loadTable('mnist', resolveConfig('quick', { mnist: { splitFile: file } }))).rejects.toMatchObject({ code: 'INVALID_SPLIT_FILE' });
  });
});

describe('loadTable without data files', () => {
  it('draws disjoint 6,000 / 1,000 parts from the embedded digits and says so', async () => {
    const notes: string[] = [];
    const t = await loadTable('mnist', resolveConfig('quick', { download: false }), (m) => notes.push(m));
    expect(t.train.x.rows).toBe(6000);
    expect(t.test.x.rows).toBe(1000);
    expect(labelsOf(t.test.y).size).toBe(10);
    expect(t.info.source).toMatch(/embedded/);
    // The parts are disjoint: no test image equals a training image byte for byte (checked on a sample).
    const key = (d: Float32Array, i: number) => d.subarray(i * 784, (i + 1) * 784).join(',');
    const train = new Set(Array.from({ length: 6000 }, (_, i) => key(t.train.x.data, i)));
    expect(Array.from({ length: 50 }, (_, i) => train.has(key(t.test.x.data, i * 20))).some(Boolean)).toBe(false);
  });

  it('holdout mode scores on a fifth of the training part instead of the test part', async () => {
    const t = await loadTable('mnist', resolveConfig('quick', { download: false, holdout: true }));
    expect(t.train.x.rows).toBe(4800);
    expect(t.test.x.rows).toBe(1200);
    expect(t.info.evaluation).toBe('holdout');
  });
});

describe.skipIf(!existsSync(dataDir))('loadTable from ../shared/data', () => {
  it('uses all of USPS', async () => {
    const t = await loadTable('usps', resolveConfig('quick', { dataDir }));
    expect([t.train.x.rows, t.test.x.rows, t.train.x.cols]).toEqual([7291, 2007, 256]);
    expect(t.imageShape).toEqual([16, 16]);
  });

  it('draws 6,000 / 1,000 from the MNIST training and test files', async () => {
    const t = await loadTable('mnist', resolveConfig('quick', { dataDir }));
    expect([t.train.x.rows, t.test.x.rows]).toEqual([6000, 1000]);
    expect(t.info.source).toMatch(/data-dir/);
    expect(t.unlabelled).toBeUndefined();
  });

  it('gives DDAE+U training digits outside the 6,000 drawn ones, and only when that row is asked for', async () => {
    const t = await loadTable('mnist', resolveConfig('quick', { dataDir, models: ['DDAE+U'], improved: { unlabelled: { count: 3000 } } }));
    expect([t.train.x.rows, t.unlabelled?.rows, t.unlabelled?.cols]).toEqual([6000, 3000, 784]);
    expect(t.info.source).toMatch(/3,000 further training digits \(labels unused\) for DDAE\+U/);
    // None of them is one of the drawn training images (compared as whole images).
    const key = (data: Float32Array, i: number) => data.subarray(i * 784, (i + 1) * 784).join(',');
    const drawn = new Set(Array.from({ length: t.train.x.rows }, (_, i) => key(t.train.x.data, i)));
    let shared = 0;
    for (let i = 0; i < 3000; i++) if (drawn.has(key(t.unlabelled!.data, i))) shared++;
    expect(shared).toBe(0);
  });
});
