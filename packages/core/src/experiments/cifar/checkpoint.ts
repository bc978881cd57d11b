import type { SavedArray } from '../../optimizers/optimizers.js';
import type { TrainCheckpoint } from '../../training/train.js';
import type { ArtifactSink } from '../experiment.js';
import type { CifarRecipe } from './definition.js';
import type { EpochRow } from './train-job.js';

/** Where the training job keeps its state between runs of the same output folder. */
export const CHECKPOINT_FILE = 'checkpoint/state.json';

/** Training state plus the curves recorded so far: what a resumed job needs to carry on as if never stopped. */
export interface CifarCheckpoint {
  version: 1;
  recipe: CifarRecipe;
  trainCount: number;
  checkpoint: TrainCheckpoint;
  losses: number[];
  seconds: number[];
  perEpoch: EpochRow[];
}

type JsonArray = Omit<SavedArray, 'values'> & { values: number[] };

// 1,495 weights and their Adam moments: plain JSON numbers are small here and round-trip float32 exactly.
const toJson = (arrays: SavedArray[]): JsonArray[] => arrays.map((a) => ({ ...a, values: Array.from(a.values) }));
const fromJson = (arrays: JsonArray[]): SavedArray[] => arrays.map((a) => ({ ...a, values: Float32Array.from(a.values) }));

export async function saveCheckpoint(sink: ArtifactSink, state: CifarCheckpoint): Promise<void> {
  const cp = { ...state.checkpoint, weights: toJson(state.checkpoint.weights), optimizer: toJson(state.checkpoint.optimizer) };
  await sink.writeBytes(CHECKPOINT_FILE, new TextEncoder().encode(JSON.stringify({ ...state, checkpoint: cp })));
}

/** The saved state when it belongs to this recipe and data; null otherwise (then training starts over). */
export async function loadCheckpoint(sink: ArtifactSink, recipe: CifarRecipe, trainCount: number): Promise<CifarCheckpoint | null> {
  const bytes = await sink.readBytes(CHECKPOINT_FILE);
  if (!bytes) return null;
  try {
    const state = JSON.parse(new TextDecoder().decode(bytes)) as CifarCheckpoint & { checkpoint: TrainCheckpoint & { weights: JsonArray[]; optimizer: JsonArray[] } };
    if (state.version !== 1 || state.trainCount !== trainCount || JSON.stringify(state.recipe) !== JSON.stringify(recipe)) return null;
    return { ...state, checkpoint: { ...state.checkpoint, weights: fromJson(state.checkpoint.weights), optimizer: fromJson(state.checkpoint.optimizer) } };
  } catch {
    // A checkpoint cut short by a crash: start over rather than fail.
    return null;
  }
}
