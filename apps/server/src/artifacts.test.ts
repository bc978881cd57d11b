import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArtifactSigner, artifactKind, resolveArtifactPath, scanRunDir } from './artifacts.js';
import { errorCode as code } from './test-support/error-code.js';

let root: string;
let runDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'aelab-artifacts-'));
  runDir = join(root, 'runs', 'r1');
  mkdirSync(join(runDir, 'figures'), { recursive: true });
  writeFileSync(join(runDir, 'config.json'), '{}');
  writeFileSync(join(runDir, 'figures', 'weights.png'), 'png');
  writeFileSync(join(runDir, 'model.json.tmp'), 'half');
  writeFileSync(join(runDir, '.hidden'), 'x');
  writeFileSync(join(root, 'outside.txt'), 'outside');
  symlinkSync(join(root, 'outside.txt'), join(runDir, 'link.txt'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('scanRunDir', () => {
  it('lists regular files only: no temp files, hidden files or links', () => {
    const list = scanRunDir(runDir, true);
    expect(list.map((a) => a.path)).toEqual(['config.json', 'figures/weights.png']);
    expect(list[1]).toEqual({ path: 'figures/weights.png', kind: 'figure', mediaType: 'image/png', size: 3, complete: true });
    expect(scanRunDir(runDir, false).every((a) => !a.complete)).toBe(true);
    expect(scanRunDir(join(root, 'missing'), true)).toEqual([]);
  });

  it('classifies by name', () => {
    expect(artifactKind('report.md')).toBe('report');
    expect(artifactKind('model/weights.bin')).toBe('model');
    expect(artifactKind('metrics.csv')).toBe('metrics');
    expect(artifactKind('checkpoint/state.json')).toBe('checkpoint');
    expect(artifactKind('config.json')).toBe('config');
    expect(artifactKind('codes.svg')).toBe('figure');
  });
});

describe('resolveArtifactPath', () => {
  it('resolves plain relative paths inside the run dir', () => {
    expect(resolveArtifactPath(runDir, 'figures/weights.png')).toBe(join(runDir, 'figures', 'weights.png'));
  });

  it('refuses anything that could leave it', () => {
    for (const p of ['../outside.txt', 'figures/../../outside.txt', '/etc/passwd', '', 'a//b', './config.json', 'x\\..\\y', 'a\0b', '.hidden', 'model.json.tmp']) {
      expect(code(() => resolveArtifactPath(runDir, p)), p).toBe('BAD_PATH');
    }
    expect(code(() => resolveArtifactPath(runDir, 'link.txt'))).toBe('BAD_PATH');
    expect(code(() => resolveArtifactPath(runDir, 'nope.png'))).toBe('NOT_FOUND');
    expect(code(() => resolveArtifactPath(runDir, 'figures'))).toBe('NOT_FOUND');
  });
});

describe('ArtifactSigner', () => {
  it('signs URLs with an expiry when there is a token, and checks them', () => {
    const signer = new ArtifactSigner('secret-token', 60);
    const url = signer.url('r1', 'figures/weights.png', 1_000_000);
    const q = new URL(url, 'http://x').searchParams;
    expect(url.startsWith('/artifacts/r1/figures/weights.png?')).toBe(true);
    expect(signer.verify('r1', 'figures/weights.png', q.get('exp'), q.get('sig'), 1_000_000)).toBe(true);
    expect(signer.verify('r1', 'config.json', q.get('exp'), q.get('sig'), 1_000_000)).toBe(false);
    expect(signer.verify('r2', 'figures/weights.png', q.get('exp'), q.get('sig'), 1_000_000)).toBe(false);
    expect(signer.verify('r1', 'figures/weights.png', q.get('exp'), q.get('sig'), 1_000_000 + 61_000)).toBe(false);
    expect(signer.verify('r1', 'figures/weights.png', null, null, 1_000_000)).toBe(false);
  });

  it('leaves URLs plain without a token', () => {
    const signer = new ArtifactSigner(undefined);
    expect(signer.url('r1', 'a b.png')).toBe('/artifacts/r1/a%20b.png');
    expect(signer.verify('r1', 'a b.png', null, null)).toBe(true);
  });
});
