import type { InitializerConfig } from '../config/model.js';
import type { Rng } from './random.js';

/** Fan-in and fan-out of a weight shape: [in, out] for dense, [kh, kw, in, out] for conv. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  if (shape.length === 4) {
    const receptive = shape[0]! * shape[1]!;
    return { fanIn: receptive * shape[2]!, fanOut: receptive * shape[3]! };
  }
  const n = shape.reduce((a, b) => a * b, 1);
  return { fanIn: n, fanOut: n };
}

/** Fills a weight of `shape` from the initialiser, drawing from `rng` (so the same seed gives the same weights). */
export function initialize(init: InitializerConfig, shape: readonly number[], rng: Rng): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const { fanIn, fanOut } = fans(shape);
  switch (init.type) {
    case 'zeros':
      return new Float32Array(n);
    case 'gaussian':
      return rng.normalArray(n, 0, init.std);
    case 'glorotUniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return rng.uniformArray(n, -limit, limit);
    }
    case 'glorotNormal':
      return rng.normalArray(n, 0, Math.sqrt(2 / (fanIn + fanOut)));
    case 'heUniform': {
      const limit = Math.sqrt(6 / fanIn);
      return rng.uniformArray(n, -limit, limit);
    }
    case 'heNormal':
      return rng.normalArray(n, 0, Math.sqrt(2 / fanIn));
  }
}
