import { describe, expect, it } from 'vitest';
import { normaliseServerUrl, ServerSettings, takeTokenFromHash } from './settings.svelte.js';

describe('normaliseServerUrl', () => {
  it('keeps the origin and path, without trailing slashes', () => {
    expect(normaliseServerUrl(' http://127.0.0.1:7070/ ')).toBe('http://127.0.0.1:7070');
    expect(normaliseServerUrl('https://lab.example/aelab//')).toBe('https://lab.example/aelab');
    expect(normaliseServerUrl('')).toBeNull();
    expect(normaliseServerUrl('ftp://x')).toBeNull();
    expect(normaliseServerUrl('not a url')).toBeNull();
  });
});

describe('takeTokenFromHash', () => {
  it('takes the token and keeps the rest of the fragment', () => {
    expect(takeTokenFromHash('#token=s3cret-token')).toEqual({ token: 's3cret-token', rest: '' });
    expect(takeTokenFromHash('#a=1&token=t0ken123')).toEqual({ token: 't0ken123', rest: '#a=1' });
    expect(takeTokenFromHash('#a=1')).toEqual({ token: null, rest: '#a=1' });
  });
});

describe('ServerSettings', () => {
  it('uses its default until a URL is set, and resolves artifact paths against the server', () => {
    const s = new ServerSettings('http://127.0.0.1:7070');
    expect(s.url).toBe('http://127.0.0.1:7070');
    expect(s.resolve('/artifacts/abc/images/codes.png')).toBe('http://127.0.0.1:7070/artifacts/abc/images/codes.png');
    const first = s.api;
    expect(s.api).toBe(first);
    s.setUrl('http://10.0.0.2:8080/');
    s.setToken(' tok-123456 ');
    expect(s.url).toBe('http://10.0.0.2:8080');
    expect(s.token).toBe('tok-123456');
    expect(s.api).not.toBe(first);
    s.setUrl('');
    expect(s.url).toBe('http://127.0.0.1:7070');
  });
});
