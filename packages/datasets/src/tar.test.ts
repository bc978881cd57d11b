import { describe, expect, it } from 'vitest';
import { tarBytes } from '../test/fixtures.js';
import { readTar } from './tar.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('readTar', () => {
  it('lists regular files and directories with their data', () => {
    const tar = tarBytes([
      { path: 'cifar-10-batches-bin/', type: '5' },
      { path: 'cifar-10-batches-bin/a.bin', data: enc('hello') },
      { path: 'cifar-10-batches-bin/b.bin', data: new Uint8Array(1000).fill(7) },
    ]);
    const entries = readTar(tar);
    expect(entries.map((e) => [e.path, e.type, e.data.length])).toEqual([
      ['cifar-10-batches-bin/', '5', 0],
      ['cifar-10-batches-bin/a.bin', '0', 5],
      ['cifar-10-batches-bin/b.bin', '0', 1000],
    ]);
    expect(new TextDecoder().decode(entries[1]!.data)).toBe('hello');
  });

  it('applies GNU long names', () => {
    const long = `${'d/'.repeat(70)}file.bin`;
    const tar = tarBytes([{ path: '././@LongLink', type: 'L' as '0', data: enc(`${long}\0`) }, { path: 'short', data: enc('x') }]);
    expect(readTar(tar).map((e) => e.path)).toEqual([long]);
  });

  it('rejects a damaged header and a member cut short', () => {
    const tar = tarBytes([{ path: 'a.bin', data: new Uint8Array(600) }]);
    const damaged = tar.slice();
    damaged[10] = 65;
    expect(() => readTar(damaged, 'x.tar')).toThrow(expect.objectContaining({ code: 'CORRUPT_ARCHIVE' }));
    expect(() => readTar(tar.subarray(0, 700), 'x.tar')).toThrow(/ends first/);
    expect(() => readTar(tar.subarray(0, 100), 'x.tar')).toThrow(/middle of a header/);
    expect(() => readTar(new Uint8Array(1024), 'empty.tar')).toThrow(expect.objectContaining({ code: 'CORRUPT_ARCHIVE', message: 'empty.tar: the tar archive holds no members' }));
  });
});
