// Helpers for the package's tests: generated files in the real formats and a loopback HTTP server.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** ../shared/data relative to the repository root. */
export const SHARED_DATA = resolve(import.meta.dirname, '../../../../shared/data');
export const SHARED_REFERENCE = resolve(import.meta.dirname, '../../../../shared/reference');

export function idxBytes(type: 'images' | 'labels', dims: number[], data: ArrayLike<number>): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  view.setUint32(0, type === 'images' ? 0x803 : 0x801, false);
  header[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(Uint8Array.from(data), header.length);
  return out;
}

/** A small MNIST-like pair: image i has every pixel = (i * 7 + p) % 256, label i % 10. */
export function mnistFixture(n: number): { images: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(n * 784);
  for (let i = 0; i < n; i++) for (let p = 0; p < 784; p++) pixels[i * 784 + p] = (i * 7 + p) % 256;
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  return { images: idxBytes('images', [n, 28, 28], pixels), labels: idxBytes('labels', [n], labels) };
}

/** CIFAR binary records: record r has label r % 10 and channel c of pixel p = (r + 3 * p + c * 50) % 256. */
export function cifarFixture(n: number, first = 0): Uint8Array {
  const out = new Uint8Array(n * 3073);
  for (let r = 0; r < n; r++) {
    const base = r * 3073;
    out[base] = (first + r) % 10;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) out[base + 1 + c * 1024 + p] = (first + r + 3 * p + c * 50) % 256;
  }
  return out;
}

export function uspsLine(label: number, pixel: (p: number) => number): string {
  return [label.toFixed(4), ...Array.from({ length: 256 }, (_, p) => pixel(p).toFixed(4))].join(' ');
}

export function gzip(bytes: Uint8Array | string): Uint8Array {
  return gzipSync(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
}

/** A minimal ustar writer (regular files and directories). */
export function tarBytes(entries: { path: string; data?: Uint8Array; type?: '0' | '5' }[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const e of entries) {
    const header = new Uint8Array(512);
    const put = (s: string, at: number) => header.set(enc.encode(s), at);
    const data = e.data ?? new Uint8Array(0);
    put(e.path, 0);
    put('0000644\0', 100);
    put('0000000\0', 108);
    put('0000000\0', 116);
    put(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    put('00000000000\0', 136);
    put('        ', 148);
    put(e.type ?? '0', 156);
    put('ustar\0', 257);
    put('00', 263);
    let sum = 0;
    for (const b of header) sum += b;
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((a, b) => a + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

export interface TestServer {
  url: string;
  /** Request paths in order. */
  hits: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 with an ephemeral port. */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Serves a map of path -> bytes; anything else is 404. */
export function staticFiles(files: Record<string, Uint8Array>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const body = files[req.url ?? ''];
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' }).end(Buffer.from(body));
  };
}

/** A port that refuses connections (a server opened and closed again). */
export async function refusedUrl(): Promise<string> {
  const s = await serve(() => undefined);
  await s.close();
  return s.url;
}

export function tempDir(prefix = 'aelab-datasets-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
