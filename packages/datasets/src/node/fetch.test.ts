import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cifarFixture, gzip, mnistFixture, SHARED_DATA, serve, tarBytes, tempDir, uspsLine, type TestServer } from '../../test/fixtures.js';
import { MANIFESTS, type DatasetManifest } from '../manifest.js';
import { fetchDataset, removeStaleParts } from './fetch.js';
import { sha256Hex } from './files.js';
import { uspsContentSha256 } from './verify.js';

const mnist = mnistFixture(20);
const mnistTest = mnistFixture(5);
const mnistFiles = {
  'train-images-idx3-ubyte.gz': gzip(mnist.images),
  'train-labels-idx1-ubyte.gz': gzip(mnist.labels),
  't10k-images-idx3-ubyte.gz': gzip(mnistTest.images),
  't10k-labels-idx1-ubyte.gz': gzip(mnistTest.labels),
};
const mnistManifest: DatasetManifest = {
  folder: 'mnist',
  mirrors: [],
  splits: {
    train: [
      { name: 'train-images-idx3-ubyte.gz', sha256: sha256Hex(mnistFiles['train-images-idx3-ubyte.gz']) },
      { name: 'train-labels-idx1-ubyte.gz', sha256: sha256Hex(mnistFiles['train-labels-idx1-ubyte.gz']) },
    ],
    test: [
      { name: 't10k-images-idx3-ubyte.gz', sha256: sha256Hex(mnistFiles['t10k-images-idx3-ubyte.gz']) },
      { name: 't10k-labels-idx1-ubyte.gz', sha256: sha256Hex(mnistFiles['t10k-labels-idx1-ubyte.gz']) },
    ],
  },
};

const cifarBatches = { 'data_batch_1.bin': cifarFixture(3), 'data_batch_2.bin': cifarFixture(2, 3), 'test_batch.bin': cifarFixture(4, 100) };
const cifarMeta = new TextEncoder().encode('airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n');
function cifarTarGz(skip?: string): Uint8Array {
  return gzip(
    tarBytes([
      { path: 'cifar-10-batches-bin/', type: '5' },
      ...Object.entries(cifarBatches)
        .filter(([name]) => name !== skip)
        .map(([name, data]) => ({ path: `cifar-10-batches-bin/${name}`, data })),
      { path: 'cifar-10-batches-bin/batches.meta.txt', data: cifarMeta },
      { path: 'cifar-10-batches-bin/readme.html', data: new TextEncoder().encode('<p>x</p>') },
    ]),
  );
}
const cifarArchive = cifarTarGz();
const cifarManifest = (archive: Uint8Array): DatasetManifest => ({
  folder: 'cifar10',
  mirrors: [],
  splits: {
    train: [
      { name: 'data_batch_1.bin', sha256: sha256Hex(cifarBatches['data_batch_1.bin']) },
      { name: 'data_batch_2.bin', sha256: sha256Hex(cifarBatches['data_batch_2.bin']) },
    ],
    test: [{ name: 'test_batch.bin', sha256: sha256Hex(cifarBatches['test_batch.bin']) }],
  },
  extras: [{ name: 'batches.meta.txt' }],
  archive: { name: 'cifar-10-binary.tar.gz', sha256: sha256Hex(archive), memberFolder: 'cifar-10-batches-bin' },
});

const uspsText = [uspsLine(3, (p) => (p % 5) / 5 - 0.5), uspsLine(7, () => -1)].join('\n');
const uspsGz = gzip(uspsText);

describe('fetchDataset against a loopback server', () => {
  let server: TestServer;
  const routes: Record<string, Uint8Array> = {};
  for (const [name, bytes] of Object.entries(mnistFiles)) routes[`/ok/mnist/${name}`] = bytes;
  routes['/ok/cifar10/cifar-10-binary.tar.gz'] = cifarArchive;
  routes['/ok/usps/zip.train.gz'] = uspsGz;
  routes['/truncated/mnist/train-images-idx3-ubyte.gz'] = mnistFiles['train-images-idx3-ubyte.gz'].subarray(0, 100);
  routes['/partial/cifar10/cifar-10-binary.tar.gz'] = cifarTarGz('data_batch_2.bin');
  routes['/broken/cifar10/cifar-10-binary.tar.gz'] = cifarArchive.subarray(0, cifarArchive.length - 40);

  beforeAll(async () => {
    server = await serve((req, res) => {
      const body = routes[req.url ?? ''];
      if (body) res.writeHead(200, { 'content-length': body.length }).end(Buffer.from(body));
      else res.writeHead(404).end();
    });
  });
  afterAll(() => server.close());

  it('downloads MNIST files into <cache>/mnist and reuses them afterwards', async () => {
    const cache = tempDir();
    try {
      const first = await fetchDataset({ name: 'mnist', cacheDir: cache.path, baseUrl: `${server.url}/ok`, manifest: mnistManifest });
      expect(first.dir).toBe(join(cache.path, 'mnist'));
      expect(first.downloadedFrom).toBe(`${server.url}/ok/mnist/`);
      expect(first.files.map((f) => [f.name, f.downloaded])).toEqual(Object.keys(mnistFiles).map((n) => [n, true]));
      expect(readFileSync(join(cache.path, 'mnist', 'train-labels-idx1-ubyte.gz'))).toEqual(Buffer.from(mnistFiles['train-labels-idx1-ubyte.gz']));
      const hits = server.hits.length;
      const second = await fetchDataset({ name: 'mnist-binary', split: 'test', cacheDir: cache.path, baseUrl: `${server.url}/ok`, manifest: mnistManifest });
      expect(second.files.every((f) => !f.downloaded)).toBe(true);
      expect(server.hits.length).toBe(hits);
      await fetchDataset({ name: 'mnist', split: 'test', cacheDir: cache.path, baseUrl: `${server.url}/ok`, manifest: mnistManifest, force: true });
      expect(server.hits.length).toBe(hits + 2);
    } finally {
      cache.remove();
    }
  });

  it('replaces a cached file that no longer matches', async () => {
    const cache = tempDir();
    try {
      const opts = { name: 'mnist', split: 'train' as const, cacheDir: cache.path, baseUrl: `${server.url}/ok`, manifest: mnistManifest };
      await fetchDataset(opts);
      const path = join(cache.path, 'mnist', 'train-labels-idx1-ubyte.gz');
      writeFileSync(path, 'garbage');
      const again = await fetchDataset(opts);
      expect(again.files.find((f) => f.path === path)?.downloaded).toBe(true);
      expect(sha256Hex(readFileSync(path))).toBe(mnistManifest.splits.train[1]!.sha256);
    } finally {
      cache.remove();
    }
  });

  it('leaves no file behind when a download is truncated', async () => {
    const cache = tempDir();
    try {
      await expect(
        fetchDataset({ name: 'mnist', split: 'train', cacheDir: cache.path, baseUrl: `${server.url}/truncated`, manifest: mnistManifest }),
      ).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
      expect(readdirSync(join(cache.path, 'mnist'))).toEqual([]);
    } finally {
      cache.remove();
    }
  });

  it('downloads the CIFAR-10 tar.gz, unpacks the known members and deletes the archive', async () => {
    const cache = tempDir();
    try {
      const got = await fetchDataset({ name: 'cifar10', cacheDir: cache.path, baseUrl: `${server.url}/ok`, manifest: cifarManifest(cifarArchive) });
      expect(got.files.map((f) => f.name)).toEqual(['data_batch_1.bin', 'data_batch_2.bin', 'test_batch.bin']);
      expect(readdirSync(join(cache.path, 'cifar10')).sort()).toEqual(['batches.meta.txt', 'data_batch_1.bin', 'data_batch_2.bin', 'test_batch.bin']);
      expect(readFileSync(join(cache.path, 'cifar10', 'test_batch.bin'))).toEqual(Buffer.from(cifarBatches['test_batch.bin']));
    } finally {
      cache.remove();
    }
  });

  it('rejects an archive that lacks a member or is cut short, leaving nothing behind', async () => {
    const cache = tempDir();
    try {
      const partial = routes['/partial/cifar10/cifar-10-binary.tar.gz']!;
      await expect(
        fetchDataset({ name: 'cifar10', cacheDir: cache.path, baseUrl: `${server.url}/partial`, manifest: cifarManifest(partial) }),
      ).rejects.toMatchObject({ code: 'CORRUPT_ARCHIVE', message: expect.stringContaining('data_batch_2.bin') });
      expect(existsSync(join(cache.path, 'cifar10', 'cifar-10-binary.tar.gz'))).toBe(false);
      // Without an archive checksum the damage is found while unpacking.
      const manifest = cifarManifest(cifarArchive);
      delete manifest.archive!.sha256;
      await expect(fetchDataset({ name: 'cifar10', cacheDir: cache.path, baseUrl: `${server.url}/broken`, manifest })).rejects.toMatchObject({
        code: 'CORRUPT_GZIP',
      });
      expect(readdirSync(join(cache.path, 'cifar10')).filter((f) => f.endsWith('.tar.gz') || f.includes('.part-'))).toEqual([]);
    } finally {
      cache.remove();
    }
  });

  it('verifies USPS by the digest of its values', async () => {
    const cache = tempDir();
    try {
      const { sha256 } = uspsContentSha256(new TextEncoder().encode(uspsText), 'x');
      const manifest = (contentSha256: string): DatasetManifest => ({
        folder: 'usps',
        mirrors: [],
        splits: { train: [{ name: 'zip.train.gz', contentSha256, records: 2 }], test: [] },
      });
      await expect(
        fetchDataset({ name: 'usps', split: 'train', cacheDir: cache.path, baseUrl: `${server.url}/ok`, manifest: manifest('0'.repeat(64)) }),
      ).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH', message: expect.stringContaining('content sha256') });
      const got = await fetchDataset({ name: 'usps', split: 'train', cacheDir: cache.path, baseUrl: `${server.url}/ok`, manifest: manifest(sha256) });
      expect(got.files[0]?.downloaded).toBe(true);
    } finally {
      cache.remove();
    }
  });

  it('says there is nothing to fetch for generated data', async () => {
    await expect(fetchDataset({ name: 'gaussian' })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(fetchDataset({ name: 'nope' })).rejects.toMatchObject({ code: 'UNKNOWN_DATASET' });
  });
});

describe.skipIf(!existsSync(join(SHARED_DATA, 'mnist')))('fetchDataset with the built-in MNIST manifest', () => {
  it('accepts the canonical files from a mirror (served from ../shared/data)', async () => {
    const files: Record<string, Uint8Array> = {};
    for (const f of [...MANIFESTS.mnist.splits.test]) files[`/m/mnist/${f.name}`] = readFileSync(join(SHARED_DATA, 'mnist', f.name));
    const server = await serve((req, res) => {
      const body = files[req.url ?? ''];
      if (body) res.writeHead(200, { 'content-length': body.length }).end(Buffer.from(body));
      else res.writeHead(404).end();
    });
    const cache = tempDir();
    try {
      const got = await fetchDataset({ name: 'mnist', split: 'test', cacheDir: cache.path, baseUrl: `${server.url}/m/` });
      expect(got.files.map((f) => f.downloaded)).toEqual([true, true]);
    } finally {
      cache.remove();
      await server.close();
    }
  });
});

describe('removeStaleParts', () => {
  it('removes partial downloads of dead processes only', () => {
    const dir = tempDir();
    try {
      // PIDs are below 2^22 on Linux; this one cannot be running.
      const dead = join(dir.path, 'a.gz.part-99999999-abcd1234');
      const mine = join(dir.path, `a.gz.part-${process.pid}-abcd1234`);
      const other = join(dir.path, 'a.gz');
      for (const f of [dead, mine, other]) writeFileSync(f, 'x');
      removeStaleParts(dir.path);
      expect([existsSync(dead), existsSync(mine), existsSync(other)]).toEqual([false, true, true]);
    } finally {
      dir.remove();
    }
  });
});
