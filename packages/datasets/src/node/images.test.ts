import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/fixtures.js';
import { decodeImage, encodePng, readImageFile, writePng } from './images.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** 4x2 RGBA: a horizontal ramp in red, constant green 100, blue 0 on the left half and 255 on the right. */
function pattern(): Uint8Array {
  const out = new Uint8Array(4 * 2 * 4);
  for (let y = 0; y < 2; y++) {
    for (let x = 0; x < 4; x++) {
      const p = (y * 4 + x) * 4;
      out.set([x * 80, 100, x < 2 ? 0 : 255, 255], p);
    }
  }
  return out;
}

describe('PNG', () => {
  it('encodes and decodes losslessly', () => {
    const png = encodePng(pattern(), 4, 2);
    expect(Array.from(png.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const back = decodeImage(png);
    expect(back.width).toBe(4);
    expect(back.height).toBe(2);
    expect(Array.from(back.data)).toEqual(Array.from(pattern()));
  });

  it('reads a file to float data (grey, resized) and writes float data back', async () => {
    const path = join(dir.path, 'p.png');
    writeFileSync(path, encodePng(pattern(), 4, 2));
    const rgb = readImageFile(path);
    expect(rgb).toMatchObject({ width: 4, height: 2, channels: 3 });
    expect(rgb.data[3 * 3]).toBeCloseTo(240 / 255, 6);
    const grey = readImageFile(path, { channels: 1, size: [1, 2] });
    expect(grey).toMatchObject({ width: 2, height: 1, channels: 1 });
    // Left output pixel averages x = 0, 1: red 40, green 100, blue 0.
    expect(grey.data[0]).toBeCloseTo((0.299 * 40 + 0.587 * 100) / 255, 5);
    const out = join(dir.path, 'nested', 'grey.png');
    await writePng(out, grey);
    const again = readImageFile(out, { channels: 1 });
    expect(again.data[0]).toBeCloseTo(Math.round(grey.data[0]! * 255) / 255, 6);
  });

  it('stores an opaque grey picture with one channel, losslessly and in fewer bytes', () => {
    const grey = new Uint8Array(64 * 64 * 4);
    for (let p = 0; p < 64 * 64; p++) grey.set([(p * 37) % 256, (p * 37) % 256, (p * 37) % 256, 255], p * 4);
    const png = encodePng(grey, 64, 64);
    // IHDR: colour type (byte 25) 0 is greyscale.
    expect(png[25]).toBe(0);
    expect(Array.from(decodeImage(png).data)).toEqual(Array.from(grey));
    const tinted = grey.slice();
    tinted[0] = 1;
    const rgba = encodePng(tinted, 64, 64);
    expect(rgba[25]).toBe(6);
    expect(png.length).toBeLessThan(rgba.length / 2);
    // The colour pattern stays RGBA.
    expect(encodePng(pattern(), 4, 2)[25]).toBe(6);
  });

  it('rejects a length mismatch', () => {
    expect(() => encodePng(new Uint8Array(3), 1, 1)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });
});

describe('JPEG', () => {
  it('decodes to RGBA close to the original', () => {
    const width = 16;
    const height = 16;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set([200, 50, 50, 255], i * 4);
    const encoded = jpeg.encode({ data: rgba, width, height }, 95).data;
    const path = join(dir.path, 'j.jpg');
    writeFileSync(path, encoded);
    const img = readImageFile(path);
    expect(img).toMatchObject({ width, height, channels: 3 });
    expect(img.data[0]).toBeCloseTo(200 / 255, 1);
    expect(img.data[1]).toBeCloseTo(50 / 255, 1);
  });
});

describe('unreadable images', () => {
  it('gives UNREADABLE_IMAGE for other bytes and damaged files, FILE_MISSING for no file', () => {
    const text = join(dir.path, 'x.png');
    writeFileSync(text, 'hello');
    expect(() => readImageFile(text)).toThrow(expect.objectContaining({ code: 'UNREADABLE_IMAGE', message: `${text}: not a PNG or JPEG file` }));
    const png = encodePng(pattern(), 4, 2);
    const broken = join(dir.path, 'broken.png');
    writeFileSync(broken, png.subarray(0, 30));
    expect(() => readImageFile(broken)).toThrow(expect.objectContaining({ code: 'UNREADABLE_IMAGE' }));
    const badJpeg = join(dir.path, 'broken.jpg');
    writeFileSync(badJpeg, Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3));
    expect(() => readImageFile(badJpeg)).toThrow(expect.objectContaining({ code: 'UNREADABLE_IMAGE' }));
    expect(() => readImageFile(join(dir.path, 'none.png'))).toThrow(expect.objectContaining({ code: 'FILE_MISSING' }));
  });
});
