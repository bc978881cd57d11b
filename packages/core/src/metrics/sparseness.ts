import { CoreError } from '../errors.js';

/**
 * The fraction of activations whose magnitude is below `threshold` — how many hidden units stay quiet. Magnitude,
 * so that tanh units near -1 count as active; for sigmoid and ReLU units it is the plain `a < threshold`.
 */
export function sparseness(activations: ArrayLike<number>, threshold: number): number {
  if (!(threshold > 0)) throw new CoreError('INVALID_ARGUMENT', `sparseness: threshold must be positive, got ${threshold}`);
  if (activations.length === 0) throw new CoreError('INVALID_ARGUMENT', 'sparseness: no activations');
  let quiet = 0;
  for (let i = 0; i < activations.length; i++) if (Math.abs(activations[i]!) < threshold) quiet++;
  return quiet / activations.length;
}
