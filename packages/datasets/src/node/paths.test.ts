import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCacheDir, resolveCacheDir, resolveDataDir } from './paths.js';

describe('resolveDataDir', () => {
  it('prefers the option, then AELAB_DATA_DIR, and is undefined without either', () => {
    expect(resolveDataDir('rel', { AELAB_DATA_DIR: '/env' })).toBe(resolve('rel'));
    expect(resolveDataDir(undefined, { AELAB_DATA_DIR: '/env' })).toBe('/env');
    expect(resolveDataDir(undefined, { AELAB_DATA_DIR: '' })).toBeUndefined();
    expect(resolveDataDir(undefined, {})).toBeUndefined();
  });
});

describe('defaultCacheDir', () => {
  it('follows AELAB_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(defaultCacheDir({ AELAB_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/aelab');
    if (process.platform !== 'win32') expect(defaultCacheDir({})).toBe(join(homedir(), '.cache', 'aelab'));
    expect(resolveCacheDir('/opt', { XDG_CACHE_HOME: '/x' })).toBe('/opt');
  });
});
