import type { Artifact } from '@aelab/server';
import { describe, expect, it } from 'vitest';
import { findModelFiles } from './model-files.js';

const file = (path: string, complete = true): Artifact => ({ path, kind: 'model', mediaType: 'application/octet-stream', size: 10, complete, url: `/artifacts/r/${path}` });

describe('findModelFiles', () => {
  it('finds model.json and weights.bin under model/', () => {
    const found = findModelFiles([file('images/weights.png'), file('model/model.json'), file('model/weights.bin')]);
    expect(found?.json.path).toBe('model/model.json');
    expect(found?.weights.path).toBe('model/weights.bin');
  });

  it('is null without both files complete', () => {
    expect(findModelFiles([file('model/model.json')])).toBeNull();
    expect(findModelFiles([file('model/model.json'), file('model/weights.bin', false)])).toBeNull();
  });
});
