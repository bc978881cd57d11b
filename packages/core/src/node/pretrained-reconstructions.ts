import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { encodePng } from '@aelab/datasets/node';
import type { StackedAutoEncoder } from '../models/stacked.js';
import { reconstructionStrip } from '../outputs/index.js';
import type { TrainData } from '../training/data.js';
import { writeFileAtomic } from './files.js';
import { RUN_FILES } from './run-dir.js';

/**
 * Fine-tuning trains a stack's encoders and head for classification and leaves its decoders behind, so after it
 * the stack's "reconstructions" are noise. What the stack reconstructed is only meaningful just before that
 * stage; this file keeps that picture, named so it is never taken for the final model's.
 */
export const PRETRAINED_RECONSTRUCTIONS = 'reconstructions-before-fine-tuning.png';

/** How many samples the strip shows. */
const SAMPLES = 10;

/** Reconstructions captured at one moment, read back later (asynchronously: WebGPU in Node has no dataSync). */
export interface PendingStrip {
  originals: Float32Array;
  recon: Promise<Float32Array>;
  shape: number[];
  n: number;
}

/**
 * Captures the pre-trained stack's reconstructions of the first samples of `set`. Called inside the training
 * event callback at the start of the fine-tune stage: the ops run now, on the weights as they are, and only the
 * read-back waits, so later weight updates cannot change the picture.
 */
export function capturePretrainedReconstructions(stack: StackedAutoEncoder, set: TrainData): PendingStrip | null {
  const shape = set.shape.length === 3 && (set.shape[2] === 1 || set.shape[2] === 3) ? set.shape : null;
  if (!shape || set.count === 0) return null;
  const n = Math.min(SAMPLES, set.count);
  const per = shape.reduce((a, b) => a * b, 1);
  const originals = set.features.subarray(0, n * per);
  const output = tf.tidy(() => stack.reconstruct(tf.tensor2d(originals, [n, per])));
  const recon = (output.data() as Promise<Float32Array>).finally(() => output.dispose());
  return { originals, recon, shape: [...shape], n };
}

/** Writes a captured strip as `images/reconstructions-before-fine-tuning.png`. */
export async function writePretrainedReconstructions(runDir: string, pending: PendingStrip): Promise<void> {
  const strip = reconstructionStrip(pending.originals, await pending.recon, pending.shape, pending.n, { scale: 'auto' });
  writeFileAtomic(join(runDir, RUN_FILES.images, PRETRAINED_RECONSTRUCTIONS), encodePng(strip.data, strip.width, strip.height));
}
