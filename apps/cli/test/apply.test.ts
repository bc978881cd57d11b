// `aelab apply` as a user runs it: real models trained by the CLI, real PNG and JPEG files written here.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage, encodePng } from '@aelab/datasets/node';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCifarData } from './cifar-fixture.js';
import { runCli } from './cli.js';

const temp = mkdtempSync(join(tmpdir(), 'aelab-cli-apply-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A w x h picture of gradients; `alpha` below 255 makes it translucent. */
function pixels(w: number, h: number, alpha = 255): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  for (let p = 0; p < w * h; p++) data.set([(p * 7) % 256, (p * 3) % 256, 90, alpha], p * 4);
  return data;
}

/** A JPEG whose EXIF says "turn a quarter clockwise to display" (orientation 6). */
function rotatedJpeg(w: number, h: number): Uint8Array {
  const body = jpeg.encode({ data: Buffer.from(pixels(w, h)), width: w, height: h }, 90).data;
  const tiff = [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0];
  const app1 = [0xff, 0xe1, 0, 2 + 6 + tiff.length, 0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  return new Uint8Array([0xff, 0xd8, ...app1, ...body.subarray(2)]);
}

interface ApplyJson {
  outputs: { input: string; output: string; width: number; height: number; mse: number; notes: string[] }[];
  kept: string[];
  failed: { input: string; code: string; message: string }[];
}

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |unexpected error/);

describe('aelab apply', () => {
  const convRun = join(temp, 'conv-run');
  const denseRun = join(temp, 'dense-run');
  const pics = join(temp, 'pics');

  beforeAll(async () => {
    const data = writeCifarData(join(temp, 'data'), 8, 8);
    const conv = await runCli(['train', '--preset', 'cifar-conv', '--train-size', '20', '--test-size', 'all', '--epochs', '1', '--data-dir', data, '--backend', 'wasm', '--threads', '1', '--out', convRun, '--no-progress']);
    expect(conv.code).toBe(0);
    const config = join(temp, 'dense.json');
    writeFileSync(config, JSON.stringify({ backend: 'cpu', data: { name: 'mnist', embedded: true, trainSize: 40, testSize: 10 }, model: { type: 'dense', layers: [{ units: 8 }] }, training: { epochs: 1, batchSize: 20 } }));
    const dense = await runCli(['train', '--config', config, '--out', denseRun, '--no-progress']);
    expect(dense.code).toBe(0);
    mkdirSync(pics);
    writeFileSync(join(pics, 'wide.png'), encodePng(pixels(45, 30, 200), 45, 30));
    writeFileSync(join(pics, 'photo.jpg'), rotatedJpeg(37, 21));
    writeFileSync(join(pics, 'broken.png'), encodePng(pixels(20, 20), 20, 20).subarray(0, 60));
    writeFileSync(join(pics, 'notes.png'), 'not a picture');
  }, 120_000);

  it('writes each picture at its own size from a conv model, skips the bad ones with their codes and exits 2', async () => {
    const out = join(temp, 'out');
    const r = await runCli(['apply', '--model', convRun, '--out', out, '--backend', 'wasm', '--json', pics]);
    noStack(r.stderr);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as ApplyJson;
    expect(doc.outputs.map((o) => [o.output.replace(/^.*\//, ''), o.width, o.height])).toEqual([
      ['photo.png', 21, 37],
      ['wide.png', 45, 30],
    ]);
    for (const o of doc.outputs) {
      expect(o.mse).toBeGreaterThan(0);
      expect(o.mse).toBeLessThan(1);
      const img = decodeImage(readFileSync(o.output));
      expect([img.width, img.height]).toEqual([o.width, o.height]);
    }
    expect(doc.outputs.find((o) => o.output.endsWith('wide.png'))!.notes).toEqual(expect.arrayContaining(['transparency dropped', 'padded to 48x32 (a multiple of 4) and cropped back']));
    expect(doc.failed.map((f) => [f.input.replace(/^.*\//, ''), f.code])).toEqual([
      ['broken.png', 'IMAGE_DAMAGED'],
      ['notes.png', 'UNREADABLE_IMAGE'],
    ]);
    // Nothing half-written: only the two pictures.
    expect(readdirSync(out).sort()).toEqual(['photo.png', 'wide.png']);

    const again = await runCli(['apply', '--model', convRun, '--out', out, '--side-by-side', join(pics, 'wide.png')]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/kept .*wide\.png \(exists; --force replaces it\)/);
    const forced = await runCli(['apply', '--model', convRun, '--out', out, '--side-by-side', '--force', join(pics, 'wide.png')]);
    expect(forced.code).toBe(0);
    const side = decodeImage(readFileSync(join(out, 'wide.png')));
    expect([side.width, side.height]).toEqual([90, 30]);
  });

  it('fits pictures to a dense model and back, and says so', async () => {
    const r = await runCli(['apply', '--model', join(denseRun, 'model'), '--out', join(temp, 'dense-out'), '--json', join(pics, 'wide.png')]);
    noStack(r.stderr);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ApplyJson;
    expect(doc.outputs).toHaveLength(1);
    expect(doc.outputs[0]).toMatchObject({ width: 45, height: 30 });
    expect(doc.outputs[0]!.notes).toEqual(expect.arrayContaining(['resized to 28x28 for the dense model and back to 45x30', 'converted to greyscale (the model takes one channel)']));
  });

  it('answers a missing or corrupt model and an oversized picture with one line', async () => {
    const missing = await runCli(['apply', '--model', join(temp, 'nowhere'), join(pics, 'wide.png')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^aelab: .*nowhere does not exist.*\[MODEL_MISSING\]\n$/m);
    noStack(missing.stderr);

    const corrupt = join(temp, 'corrupt');
    mkdirSync(corrupt);
    writeFileSync(join(corrupt, 'model.json'), readFileSync(join(convRun, 'model', 'model.json')));
    writeFileSync(join(corrupt, 'weights.bin'), new Uint8Array(10));
    const bad = await runCli(['apply', '--model', corrupt, join(pics, 'wide.png')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\[MODEL_CORRUPT\]/);
    noStack(bad.stderr);

    const huge = join(temp, 'huge.png');
    writeFileSync(huge, encodePng(new Uint8Array(2049 * 2049 * 4), 2049, 2049));
    const big = await runCli(['apply', '--model', convRun, '--out', join(temp, 'big-out'), huge]);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/2049x2049 is more than the 4,194,304 pixels.*\[IMAGE_TOO_LARGE\]/);
    expect(existsSync(join(temp, 'big-out', 'huge.png'))).toBe(false);
  });
});
