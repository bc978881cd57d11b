import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generated } from './build-wasm.js';

describe('build-wasm', () => {
  it('the committed WASM modules match their .wat sources (run `pnpm --filter @aelab/tools build-wasm`)', async () => {
    for (const { path, text } of await generated()) expect(readFileSync(path, 'utf8'), path).toBe(text);
  });
});
