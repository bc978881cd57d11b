import type { TrainEvent as CoreTrainEvent } from '@aelab/core';

/** A value as it looks after a JSON round trip through the worker boundary: typed arrays become number arrays. */
export type Plain<T> = T extends Float32Array | Int32Array | Uint8Array | Float64Array
  ? number[]
  : T extends (infer U)[]
    ? Plain<U>[]
    : T extends object
      ? { [K in keyof T]: Plain<T[K]> }
      : T;

/**
 * A training event as the server stores and sends it: @aelab/core's TrainEvent made JSON. `omitted` marks a
 * stored copy whose bulky arrays (snapshot weights, codes) were left out; live subscribers got them in full.
 */
export type TrainEvent = Plain<CoreTrainEvent> & { omitted?: boolean };
