/**
 * The training contract: the events, epoch records and stop reasons that both trainers emit, the tfjs one
 * (`train`) and the pure-TypeScript one the web playground runs (`LiteTrainer`), so one chart, one run store and
 * one stop message serve both.
 */

/**
 * Why a training run stopped: `completed` (the epoch limit), `early-stopping` (patience ran out), `converged` (the
 * epoch loss stopped changing), `max-steps`, `diverged` (the loss is no longer finite), `aborted` (a signal).
 */
export type StopReason = 'completed' | 'early-stopping' | 'converged' | 'max-steps' | 'diverged' | 'aborted';

interface EventBase {
  /** Set while training one stage of a multi-stage model (`level 1`, `level 2`, `fine-tune`). */
  stage?: string;
  /** Completed epochs so far (the epoch an `epoch` event reports is this number, 1-based). */
  epoch: number;
  /** Optimiser steps so far, over the whole stage. */
  step: number;
  /** Training time so far in ms (wall clock, excluding time before a resume). */
  elapsedMs: number;
}

/** A loss and its parts over some batches: one batch for a step, an epoch's mean for an epoch. */
export interface LossReport {
  /** Total loss. */
  loss: number;
  /** Parts of the loss (reconstruction, l2Weights, sparsity, ...). */
  terms: Record<string, number>;
  /** `rmse` when the loss is MSE; `accuracy` for classifiers. */
  metrics: Record<string, number>;
}

/** The same over the validation set, when the run keeps one. */
interface ValidationReport {
  valLoss?: number;
  valTerms?: Record<string, number>;
  valMetrics?: Record<string, number>;
}

export interface StartEvent extends EventBase {
  type: 'start';
  epochs: number;
  stepsPerEpoch: number;
  batchSize: number;
  trainCount: number;
  validationCount: number;
  resumed: boolean;
}

/** The loss of one batch. */
export interface StepEvent extends EventBase, LossReport {
  type: 'step';
  /** Samples per second over the current epoch so far. */
  samplesPerSecond: number;
}

/** Means over the epoch's training batches (weighted by batch size), and the validation set's numbers. */
export interface EpochEvent extends EventBase, LossReport, ValidationReport {
  type: 'epoch';
  samplesPerSecond: number;
  epochMs: number;
  /** True when the epoch was cut short by maxSteps. */
  partial?: boolean;
}

export interface SnapshotEvent extends EventBase {
  type: 'snapshot';
  /** The first layer's kernel ([features, units] for dense, [kh, kw, in, out] for conv). */
  weights?: { name: string; shape: number[]; values: Float32Array };
  /** Codes of a fixed set of samples, flattened per sample: shape [n, codeSize]. */
  codes?: { shape: number[]; values: Float32Array; labels?: Int32Array };
}

export interface CheckpointEvent extends EventBase {
  type: 'checkpoint';
}

export interface EndEvent extends EventBase {
  type: 'end';
  reason: StopReason;
  loss?: number;
  valLoss?: number;
  bestValLoss?: number;
}

/** Everything a training run reports: consumed by the CLI progress bar, the server's subscriptions and web charts. */
export type TrainEvent = StartEvent | StepEvent | EpochEvent | SnapshotEvent | CheckpointEvent | EndEvent;

/** One epoch's numbers, as kept in a run's history. */
export interface EpochRecord extends LossReport, ValidationReport {
  epoch: number;
  step: number;
  elapsedMs: number;
  samplesPerSecond: number;
}

/** The epoch event of a record: the record plus how long the epoch took and whether maxSteps cut it short. */
export function epochEvent(record: EpochRecord, epochMs: number, partial = false): EpochEvent {
  const event: EpochEvent = {
    type: 'epoch',
    epoch: record.epoch,
    step: record.step,
    elapsedMs: record.elapsedMs,
    loss: record.loss,
    terms: record.terms,
    metrics: record.metrics,
    samplesPerSecond: record.samplesPerSecond,
    epochMs,
  };
  if (record.valLoss !== undefined) {
    event.valLoss = record.valLoss;
    event.valTerms = record.valTerms!;
    event.valMetrics = record.valMetrics!;
  }
  if (partial) event.partial = true;
  return event;
}

/** The end event of a run that stopped for `reason` after `history`. */
export function endEvent(reason: StopReason, at: Pick<EventBase, 'epoch' | 'step' | 'elapsedMs'>, last: EpochRecord | undefined, bestValLoss: number | null): EndEvent {
  const end: EndEvent = { type: 'end', reason, ...at };
  if (last) end.loss = last.loss;
  if (last?.valLoss !== undefined) end.valLoss = last.valLoss;
  if (bestValLoss !== null) end.bestValLoss = bestValLoss;
  return end;
}
