import { CoreError } from '../errors.js';

/**
 * Mean squared error over every value (`mse`), or its square root (`rmse`). Note that some papers report the
 * squared error summed over a sample's pixels instead; multiply `mse` by the sample size for that.
 */
export function reconstructionError(originals: ArrayLike<number>, reconstructions: ArrayLike<number>, kind: 'mse' | 'rmse' = 'mse'): number {
  if (originals.length !== reconstructions.length) {
    throw new CoreError('SHAPE_MISMATCH', `reconstructionError: ${originals.length} originals but ${reconstructions.length} reconstructed values`);
  }
  if (originals.length === 0) throw new CoreError('INVALID_ARGUMENT', 'reconstructionError: no values');
  let sum = 0;
  for (let i = 0; i < originals.length; i++) {
    const d = originals[i]! - reconstructions[i]!;
    sum += d * d;
  }
  const mse = sum / originals.length;
  return kind === 'rmse' ? Math.sqrt(mse) : mse;
}
