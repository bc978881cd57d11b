import { DatasetError } from './errors.js';

export interface TarEntry {
  /** Path inside the archive (ustar prefix, GNU long names and pax `path` applied). */
  path: string;
  /** '0' regular file, '5' directory, ... (NUL is reported as '0'). */
  type: string;
  /** A view into the archive's bytes. */
  data: Uint8Array;
}

const BLOCK = 512;
const decoder = new TextDecoder();

function text(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const nul = field.indexOf(0);
  return decoder.decode(nul < 0 ? field : field.subarray(0, nul));
}

function octal(block: Uint8Array, start: number, length: number, file: string): number {
  // GNU base-256 for sizes of 8 GiB and more: high bit of the first byte set.
  if (block[start]! & 0x80) {
    let v = block[start]! & 0x7f;
    for (let i = 1; i < length; i++) v = v * 256 + block[start + i]!;
    return v;
  }
  const s = text(block, start, length).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new DatasetError('CORRUPT_ARCHIVE', `${file}: bad number field "${s}" in a tar header`);
  return parseInt(s, 8);
}

function checksumOk(block: Uint8Array, file: string): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return sum === octal(block, 148, 8, file);
}

function paxPath(data: Uint8Array): string | undefined {
  // Records are "<len> key=value\n".
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(32, pos);
    if (space < 0) break;
    const len = parseInt(decoder.decode(data.subarray(pos, space)), 10);
    if (!(len > 0)) break;
    const record = decoder.decode(data.subarray(space + 1, pos + len - 1));
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') return record.slice(eq + 1);
    pos += len;
  }
  return undefined;
}

/**
 * Reads an uncompressed tar archive (ustar, GNU and pax) held in memory. Headers are checksummed; a member that
 * runs past the end of the archive is a CORRUPT_ARCHIVE error.
 */
export function readTar(bytes: Uint8Array, file = 'archive'): TarEntry[] {
  const entries: TarEntry[] = [];
  let pos = 0;
  let longName: string | undefined;
  while (pos + BLOCK <= bytes.length) {
    const header = bytes.subarray(pos, pos + BLOCK);
    if (header.every((b) => b === 0)) {
      if (entries.length === 0) throw new DatasetError('CORRUPT_ARCHIVE', `${file}: the tar archive holds no members`);
      return entries;
    }
    if (!checksumOk(header, file)) throw new DatasetError('CORRUPT_ARCHIVE', `${file}: tar header at byte ${pos} fails its checksum`);
    const size = octal(header, 124, 12, file);
    const typeByte = header[156]!;
    const type = typeByte === 0 ? '0' : String.fromCharCode(typeByte);
    const start = pos + BLOCK;
    if (start + size > bytes.length) {
      throw new DatasetError('CORRUPT_ARCHIVE', `${file}: member at byte ${pos} needs ${size} bytes, the archive ends first`);
    }
    const data = bytes.subarray(start, start + size);
    pos = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'g') continue;
    const magic = text(header, 257, 6);
    const prefix = magic.startsWith('ustar') ? text(header, 345, 155) : '';
    const name = text(header, 0, 100);
    const path = longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = undefined;
    entries.push({ path, type, data });
  }
  if (pos < bytes.length || entries.length === 0) {
    throw new DatasetError('CORRUPT_ARCHIVE', `${file}: the tar archive ends in the middle of a header`);
  }
  return entries;
}
