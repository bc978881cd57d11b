import type { StopReason } from '../events.js';
import type { EpochEnd, StopRule } from './callback.js';

/** Stops at an epoch's end once `maxSteps` optimiser steps are done (the loop also checks it before each step). */
export class MaxSteps implements StopRule {
  constructor(private readonly maxSteps: number | undefined) {}

  reached(step: number): boolean {
    return this.maxSteps !== undefined && step >= this.maxSteps;
  }

  afterEpoch({ record }: EpochEnd): StopReason | null {
    return this.reached(record.step) ? 'max-steps' : null;
  }
}
