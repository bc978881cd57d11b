export type LiteActivation = 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu';

export const liteActivations: readonly LiteActivation[] = ['identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu'];

/** Slope of leakyRelu below zero; tf.leakyRelu's default. */
export const LEAKY_RELU_ALPHA = 0.2;

/** Applies the activation to `values[start, end)` in place. */
export function activate(kind: LiteActivation, values: Float64Array, start: number, end: number): void {
  switch (kind) {
    case 'identity':
      return;
    case 'sigmoid':
      for (let i = start; i < end; i++) values[i] = 1 / (1 + Math.exp(-values[i]!));
      return;
    case 'tanh':
      for (let i = start; i < end; i++) values[i] = Math.tanh(values[i]!);
      return;
    case 'relu':
      for (let i = start; i < end; i++) if (values[i]! < 0) values[i] = 0;
      return;
    case 'leakyRelu':
      for (let i = start; i < end; i++) if (values[i]! < 0) values[i] = values[i]! * LEAKY_RELU_ALPHA;
      return;
  }
}

/**
 * Multiplies `delta[start, end)` by the activation's derivative, written in terms of the activation's *output*
 * (all five allow it), so the backward pass needs no stored pre-activations.
 */
export function multiplyByDerivative(kind: LiteActivation, out: Float64Array, delta: Float64Array, start: number, end: number): void {
  switch (kind) {
    case 'identity':
      return;
    case 'sigmoid':
      for (let i = start; i < end; i++) {
        const a = out[i]!;
        delta[i] = delta[i]! * a * (1 - a);
      }
      return;
    case 'tanh':
      for (let i = start; i < end; i++) {
        const a = out[i]!;
        delta[i] = delta[i]! * (1 - a * a);
      }
      return;
    case 'relu':
      for (let i = start; i < end; i++) if (out[i]! <= 0) delta[i] = 0;
      return;
    case 'leakyRelu':
      for (let i = start; i < end; i++) if (out[i]! <= 0) delta[i] = delta[i]! * LEAKY_RELU_ALPHA;
      return;
  }
}
