import type { RgbaImage } from '../outputs/image.js';
import type { ArtifactSink } from './experiment.js';

/** Artifacts kept in memory (images as raw RGBA): for tests and hosts without a file system. */
export class MemoryArtifactSink implements ArtifactSink {
  readonly images = new Map<string, RgbaImage>();
  readonly files = new Map<string, Uint8Array>();

  writeImage(path: string, image: RgbaImage): Promise<void> {
    this.images.set(path, image);
    return Promise.resolve();
  }

  writeBytes(path: string, data: Uint8Array): Promise<void> {
    this.files.set(path, data);
    return Promise.resolve();
  }

  readBytes(path: string): Promise<Uint8Array | null> {
    return Promise.resolve(this.files.get(path) ?? null);
  }
}
