import type { AnyModel, AppliedImage, RgbaImage } from '@aelab/core';

/** What the Apply page needs of @aelab/core: TensorFlow.js models, loaded only when a picture is applied. */
export interface ApplyEngine {
  loadModel(artifacts: { json: unknown; weightData: ArrayBuffer }): AnyModel;
  applyToImage(model: AnyModel, image: RgbaImage): Promise<AppliedImage>;
  maxPixels: number;
  backend: string;
}

let engine: Promise<ApplyEngine> | null = null;

/**
 * The rest of the app trains with the pure-JavaScript lite trainer and keeps TensorFlow.js out of its chunks; this
 * dynamic import puts it (with the WebGL and CPU backends) in a chunk of its own that only this page loads.
 */
export function applyEngine(): Promise<ApplyEngine> {
  engine ??= Promise.all([import('@aelab/core'), import('@tensorflow/tfjs-backend-webgl'), import('@tensorflow/tfjs-backend-cpu')]).then(async ([core]) => {
    // Importing the backends registers them (vite.config.ts keeps those side effects).
    const selection = await core.selectBrowserBackend('auto');
    return { loadModel: core.loadModel, applyToImage: core.applyToImage, maxPixels: core.MAX_APPLY_PIXELS, backend: selection.backend };
  });
  return engine;
}
