import { describe, expect, it } from 'vitest';
import { ServerError } from './errors.js';
import { isLoopbackHost } from './options.js';
import { checkStateDir, defaultStateDir, isInside } from './paths.js';

describe('paths', () => {
  it('puts the state dir under XDG_DATA_HOME when set', () => {
    expect(defaultStateDir({ XDG_DATA_HOME: '/x/data' }, 'linux')).toBe('/x/data/aelab');
    expect(defaultStateDir({}, 'linux')).toMatch(/\.local\/share\/aelab$/);
    // A relative XDG_DATA_HOME is invalid by the spec and ignored.
    expect(defaultStateDir({ XDG_DATA_HOME: 'rel' }, 'linux')).toMatch(/\.local\/share\/aelab$/);
  });

  it('tells inside from outside', () => {
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
  });

  it('keeps the state dir apart from the data dir', () => {
    expect(() => checkStateDir('/s', '/d')).not.toThrow();
    expect(() => checkStateDir('/d', '/d')).toThrow(ServerError);
    expect(() => checkStateDir('/d/state', '/d')).toThrow(/must not be/);
    expect(() => checkStateDir('/s', '/s/data')).toThrow(/must not be/);
  });

  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.2', '::', 'example.com', '127.0.0.1.nip.io']) expect(isLoopbackHost(h), h).toBe(false);
  });
});
