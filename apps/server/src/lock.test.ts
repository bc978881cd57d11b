import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from './lock.js';

describe('acquireLock', () => {
  it('takes a free lock, releases it, and takes over one left by a dead process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aelab-lock-'));
    const file = join(dir, 'server.lock');
    const release = acquireLock(file);
    expect(existsSync(file)).toBe(true);
    release();
    expect(existsSync(file)).toBe(false);
    // No process has pid 2^22 + 1 (above Linux's pid_max default); the lock is stale.
    writeFileSync(file, String(2 ** 22 + 1));
    acquireLock(file)();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a lock held by a live process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aelab-lock-'));
    const file = join(dir, 'server.lock');
    writeFileSync(file, String(process.ppid));
    expect(() => acquireLock(file)).toThrow(/another aelab server/);
    rmSync(dir, { recursive: true, force: true });
  });
});
