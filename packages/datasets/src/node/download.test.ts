import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { refusedUrl, serve, staticFiles, tempDir, type TestServer } from '../../test/fixtures.js';
import { DatasetError } from '../errors.js';
import { downloadFile, type DownloadProgress } from './download.js';
import { md5Hex, sha256Hex } from './files.js';

const payload = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 13) % 256);
const sha256 = sha256Hex(payload);

describe('downloadFile', () => {
  let server: TestServer;
  const dir = tempDir();
  const dest = join(dir.path, 'sub', 'file.bin');

  beforeAll(async () => {
    const files = staticFiles({ '/good.bin': payload, '/bad.bin': payload.map((b) => b ^ 1) });
    server = await serve((req, res) => {
      if (req.url === '/cut.bin') {
        // Promise the whole payload, send a part, then drop the connection.
        res.writeHead(200, { 'content-length': payload.length });
        res.write(Buffer.from(payload.subarray(0, 50_000)), () => res.destroy());
      } else if (req.url === '/silent.bin') {
        // Never answer.
      } else if (req.url === '/stall.bin') {
        res.writeHead(200, { 'content-length': payload.length });
        res.write(Buffer.from(payload.subarray(0, 1000)));
      } else files(req, res);
    });
  });
  afterAll(async () => {
    await server.close();
    dir.remove();
  });
  afterEach(() => {
    // Whatever happened, no temporary file may stay behind.
    const sub = join(dir.path, 'sub');
    if (existsSync(sub)) expect(readdirSync(sub).filter((f) => f.includes('.part-'))).toEqual([]);
  });

  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      expect(err).toBeInstanceOf(DatasetError);
      return (err as DatasetError).code;
    }
    return 'resolved';
  };

  it('downloads, verifies and reports progress', async () => {
    const progress: DownloadProgress[] = [];
    const got = await downloadFile({
      urls: [`${server.url}/good.bin`],
      dest,
      label: 'x/file.bin',
      sha256,
      md5: md5Hex(payload),
      size: payload.length,
      onProgress: (p) => progress.push(p),
    });
    expect(got.sha256).toBe(sha256);
    expect(sha256Hex(readFileSync(dest))).toBe(sha256);
    expect(progress.at(-1)).toMatchObject({ file: 'x/file.bin', received: payload.length, total: payload.length });
  });

  it('refuses a checksum mismatch and leaves nothing at the destination', async () => {
    const target = join(dir.path, 'sub', 'mismatch.bin');
    expect(await codeOf(downloadFile({ urls: [`${server.url}/bad.bin`], dest: target, label: 'l', sha256 }))).toBe('CHECKSUM_MISMATCH');
    expect(existsSync(target)).toBe(false);
  });

  it('treats an interrupted transfer as a failure', async () => {
    const target = join(dir.path, 'sub', 'cut.bin');
    const err = await downloadFile({ urls: [`${server.url}/cut.bin`], dest: target, label: 'x/cut.bin' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DOWNLOAD_FAILED' });
    expect((err as Error).message).toMatch(/x\/cut\.bin.*interrupted|terminated|closed/);
    expect(existsSync(target)).toBe(false);
  });

  it('times out on a silent server and on a stalled transfer', async () => {
    const target = join(dir.path, 'sub', 'slow.bin');
    const silent = await downloadFile({ urls: [`${server.url}/silent.bin`], dest: target, label: 'l', timeoutMs: 300 }).catch((e: unknown) => e);
    expect((silent as Error).message).toMatch(/no response within 300 ms/);
    const stalled = await downloadFile({ urls: [`${server.url}/stall.bin`], dest: target, label: 'l', idleTimeoutMs: 300 }).catch((e: unknown) => e);
    expect((stalled as Error).message).toMatch(/stalled/);
    expect(existsSync(target)).toBe(false);
  });

  it('falls through failing mirrors to a good one', async () => {
    const target = join(dir.path, 'sub', 'mirror.bin');
    const got = await downloadFile({
      urls: [`${await refusedUrl()}/good.bin`, `${server.url}/missing.bin`, `${server.url}/bad.bin`, `${server.url}/good.bin`],
      dest: target,
      label: 'l',
      sha256,
    });
    expect(got.url).toBe(`${server.url}/good.bin`);
    expect(existsSync(target)).toBe(true);
  });

  it('lists every mirror failure when all fail', async () => {
    const refused = await refusedUrl();
    const err = (await downloadFile({ urls: [`${refused}/a`, `${server.url}/missing.bin`], dest: join(dir.path, 'sub', 'none'), label: 'l' }).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(err.code).toBe('DOWNLOAD_FAILED');
    expect(err.message).toContain(`${refused}/a: fetch failed`);
    expect(err.message).toContain('HTTP 404');
  });

  it('runs the extra verify step before renaming', async () => {
    const target = join(dir.path, 'sub', 'verified.bin');
    const err = await downloadFile({
      urls: [`${server.url}/good.bin`],
      dest: target,
      label: 'l',
      verify: () => {
        throw new DatasetError('CHECKSUM_MISMATCH', 'content differs');
      },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect(existsSync(target)).toBe(false);
  });
});
