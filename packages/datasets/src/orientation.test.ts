import { describe, expect, it } from 'vitest';
import { jpegOrientation, orientImage } from './orientation.js';

/** A JPEG prefix: SOI, then an APP1 Exif segment whose first IFD holds one Orientation entry. */
function exifJpeg(orientation: number, little: boolean): Uint8Array {
  const tiff = new Uint8Array(8 + 2 + 12 + 4);
  const v = new DataView(tiff.buffer);
  v.setUint16(0, little ? 0x4949 : 0x4d4d);
  v.setUint16(2, 42, little);
  v.setUint32(4, 8, little);
  v.setUint16(8, 1, little);
  v.setUint16(10, 0x0112, little);
  v.setUint16(12, 3, little);
  v.setUint32(14, 1, little);
  v.setUint16(18, orientation, little);
  const app1 = new Uint8Array(4 + 6 + tiff.length);
  const a = new DataView(app1.buffer);
  a.setUint16(0, 0xffe1);
  a.setUint16(2, app1.length - 2);
  app1.set([0x45, 0x78, 0x69, 0x66, 0, 0], 4);
  app1.set(tiff, 10);
  return new Uint8Array([0xff, 0xd8, ...app1, 0xff, 0xda, 0, 2]);
}

/** 3x2 picture whose red channel numbers the pixels 1..6 row by row. */
const picture = { width: 3, height: 2, data: new Uint8Array([1, 2, 3, 4, 5, 6].flatMap((r) => [r, 0, 0, 255])) };
const reds = (img: { data: Uint8Array }) => [...img.data].filter((_, i) => i % 4 === 0);

describe('EXIF orientation', () => {
  it('reads the tag in either byte order, 1 without one', () => {
    expect(jpegOrientation(exifJpeg(6, true))).toBe(6);
    expect(jpegOrientation(exifJpeg(3, false))).toBe(3);
    expect(jpegOrientation(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBe(1);
  });

  it('turns pictures as displayed: 6 is a quarter turn clockwise, 3 a half turn, 2 a mirror', () => {
    const six = orientImage(picture, 6);
    expect([six.width, six.height]).toEqual([2, 3]);
    expect(reds(six)).toEqual([4, 1, 5, 2, 6, 3]);
    expect(reds(orientImage(picture, 3))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(reds(orientImage(picture, 2))).toEqual([3, 2, 1, 6, 5, 4]);
    expect(reds(orientImage(picture, 8))).toEqual([3, 6, 2, 5, 1, 4]);
    expect(orientImage(picture, 1)).toBe(picture);
  });
});
