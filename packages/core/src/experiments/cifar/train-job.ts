import { saveModel } from '../../io/model-io.js';
import { buildModel, type AnyModel } from '../../models/build.js';
import { presetConfig } from '../../presets/presets.js';
import type { TrainData } from '../../training/data.js';
import type { TrainEvent } from '../../training/events.js';
import { trainModel } from '../../training/run-model.js';
import { abortError } from '../errors.js';
import type { JobContext } from '../experiment.js';
import type { CifarRecipe } from './definition.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { writeCifarFigures, type CifarFigure } from './figures.js';

/** What the node loader (or a test) hands the experiment: scaled [0, 1] images of [32, 32, 3]. */
export interface CifarData {
  train: TrainData;
  test: TrainData;
  info: {
    source: string;
    trainCount: number;
    testCount: number;
    /** Test images the data holds (all of them are used unless testSize asks for fewer). */
    testAvailable: number;
    warnings: string[];
  };
}

export interface EpochRow {
  epoch: number;
  trainLoss: number;
  testLoss: number;
  /** Wall-clock training time of the epoch (its optimiser steps; the test pass excluded). */
  seconds: number;
}

/** One training run's numbers, files and per-iteration curve summary. */
export interface CifarJobResult {
  iterations: number;
  iterationsPerEpoch: number;
  epochs: number;
  /** BCE of the first mini-batch, before any update. */
  initialLoss: number;
  /** Mean BCE of iterations 291-310 and 2,491-2,510 (the document reads single values off its figure there). */
  lossNear300: number | null;
  lossNear2500: number | null;
  lastIterationLoss: number;
  minLoss: { value: number; iteration: number };
  /** The last epoch's mean training BCE. */
  finalTrainLoss: number;
  /** BCE on the test images after training. */
  testLoss: number;
  trainSeconds: number;
  secondsPerEpoch: number;
  perEpoch: EpochRow[];
  figures: CifarFigure[];
  /** Folder of model.json + weights.bin, relative to the run directory. */
  modelDir: string;
  /** CSV of iteration, loss, seconds. */
  curveFile: string;
}

/** Mean of the losses of 1-based iterations [from, to], or null when the run is shorter. */
export function windowMean(losses: readonly number[], from: number, to: number): number | null {
  if (losses.length < to) return null;
  const part = losses.slice(from - 1, to);
  return part.reduce((a, b) => a + b, 0) / part.length;
}

async function saveModelFiles(model: AnyModel, dir: string, ctx: JobContext): Promise<void> {
  const artifacts = saveModel(model, await model.getWeightsAsync());
  await ctx.artifacts.writeBytes(`${dir}/model.json`, new TextEncoder().encode(`${JSON.stringify(artifacts.json, null, 2)}\n`));
  await ctx.artifacts.writeBytes(`${dir}/weights.bin`, new Uint8Array(artifacts.weightData));
}

/** Trains the document's model by `recipe`, recording every iteration's loss and time, then writes figures and model. */
export async function runCifarTraining(data: CifarData, recipe: CifarRecipe, ctx: JobContext): Promise<CifarJobResult> {
  const config = presetConfig('cifar-conv');
  const model = buildModel(config.model, data.train.shape, { seed: recipe.seed });
  const saved = await loadCheckpoint(ctx.artifacts, recipe, data.train.count);
  if (saved) ctx.note(`continuing the training from its checkpoint: epoch ${saved.checkpoint.epoch}, iteration ${saved.checkpoint.step}`);
  // The curves up to the checkpoint's step: steps reported after it were redone or never happened.
  const losses: number[] = saved ? saved.losses.slice(0, saved.checkpoint.step) : [];
  const seconds: number[] = saved ? saved.seconds.slice(0, saved.checkpoint.step) : [];
  const perEpoch: EpochRow[] = saved ? saved.perEpoch.filter((e) => e.epoch <= saved.checkpoint.epoch) : [];
  const iterationsPerEpoch = Math.ceil(data.train.count / recipe.batchSize);
  const total = iterationsPerEpoch * recipe.epochs;
  try {
    const onEvent = (e: TrainEvent): void => {
      if (e.type === 'step') {
        losses.push(e.loss);
        seconds.push(e.elapsedMs / 1000);
        if (e.step % 10 === 0) ctx.progress({ fraction: (0.95 * e.step) / total });
      } else if (e.type === 'epoch') {
        perEpoch.push({ epoch: e.epoch, trainLoss: e.loss, testLoss: e.valLoss ?? Number.NaN, seconds: e.epochMs / 1000 });
        ctx.progress({ epoch: { level: 1, levels: 1, epoch: e.epoch, epochs: recipe.epochs, loss: e.loss }, fraction: (0.95 * e.step) / total });
      }
    };
    const run = {
      ...config,
      seed: recipe.seed,
      training: { ...config.training, epochs: recipe.epochs, batchSize: recipe.batchSize, learningRate: recipe.learningRate, validationFraction: 0, checkpointEvery: 1 },
    };
    const result = await trainModel(model, data.train, run, {
      // The test images are the validation set: each epoch's test BCE comes with the epoch event.
      validation: data.test,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...(saved ? { resume: saved.checkpoint } : {}),
      onEvent,
      // Every epoch and on Ctrl-C: running the command again with the same --out continues from here.
      onCheckpoint: async (cp) => {
        if ('kind' in cp) return;
        await saveCheckpoint(ctx.artifacts, { version: 1, recipe, trainCount: data.train.count, checkpoint: cp, losses: losses.slice(0, cp.step), seconds: seconds.slice(0, cp.step), perEpoch: [...perEpoch] });
      },
    });
    if (result.reason === 'aborted') throw abortError();
    ctx.progress({ stage: 'figures and model', fraction: 0.96 });
    let minAt = 0;
    losses.forEach((l, i) => {
      if (l < losses[minAt]!) minAt = i;
    });
    const curveFile = 'iterations.csv';
    const csv = ['iteration,loss,seconds', ...losses.map((l, i) => `${i + 1},${l},${seconds[i]!.toFixed(3)}`)].join('\n');
    await ctx.artifacts.writeBytes(curveFile, new TextEncoder().encode(`${csv}\n`));
    const figures = await writeCifarFigures({ losses, seconds, perEpoch, model, test: data.test }, ctx.artifacts);
    await saveModelFiles(model, 'model', ctx);
    const trainSeconds = perEpoch.reduce((n, e) => n + e.seconds, 0);
    return {
      iterations: losses.length,
      iterationsPerEpoch,
      epochs: perEpoch.length,
      initialLoss: losses[0] ?? Number.NaN,
      lossNear300: windowMean(losses, 291, 310),
      lossNear2500: windowMean(losses, 2491, 2510),
      lastIterationLoss: losses[losses.length - 1] ?? Number.NaN,
      minLoss: { value: losses[minAt] ?? Number.NaN, iteration: minAt + 1 },
      finalTrainLoss: perEpoch[perEpoch.length - 1]?.trainLoss ?? Number.NaN,
      testLoss: perEpoch[perEpoch.length - 1]?.testLoss ?? Number.NaN,
      trainSeconds,
      secondsPerEpoch: trainSeconds / Math.max(1, perEpoch.length),
      perEpoch,
      figures,
      modelDir: 'model',
      curveFile,
    };
  } finally {
    model.dispose();
  }
}
