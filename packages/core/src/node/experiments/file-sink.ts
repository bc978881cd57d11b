import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { encodePng } from '@aelab/datasets/node';
import { CoreError } from '../../errors.js';
import type { ArtifactSink } from '../../experiments/experiment.js';
import { writeFileAtomic } from '../files.js';

/** An experiment's artifacts as files under its run directory; paths may not leave it. */
export class FileArtifactSink implements ArtifactSink {
  constructor(readonly runDir: string) {}

  private path(relative: string): string {
    const clean = normalize(relative);
    if (clean.startsWith('..') || clean.startsWith(sep)) throw new CoreError('INVALID_ARGUMENT', `artifact path ${relative} leaves the run directory`);
    return join(this.runDir, clean);
  }

  writeImage(path: string, image: { width: number; height: number; data: Uint8Array }): Promise<void> {
    writeFileAtomic(this.path(path), encodePng(image.data, image.width, image.height));
    return Promise.resolve();
  }

  writeBytes(path: string, data: Uint8Array): Promise<void> {
    writeFileAtomic(this.path(path), data);
    return Promise.resolve();
  }

  readBytes(path: string): Promise<Uint8Array | null> {
    const file = this.path(path);
    return Promise.resolve(existsSync(file) ? new Uint8Array(readFileSync(file)) : null);
  }
}
