import { CoreError } from '../errors.js';

/** Same parameters and update rules as the tfjs trainer's optimisers (`createOptimizer`). */
export type LiteOptimizerConfig =
  | { type: 'sgd' }
  | { type: 'momentum'; momentum?: number; nesterov?: boolean }
  | { type: 'rmsprop'; decay?: number; momentum?: number; epsilon?: number }
  | { type: 'adam'; beta1?: number; beta2?: number; epsilon?: number };

export type LiteOptimizerType = LiteOptimizerConfig['type'];

type Resolved =
  | { type: 'sgd' }
  | Required<Extract<LiteOptimizerConfig, { type: 'momentum' }>>
  | Required<Extract<LiteOptimizerConfig, { type: 'rmsprop' }>>
  | Required<Extract<LiteOptimizerConfig, { type: 'adam' }>>;

/**
 * Updates a flat parameter vector in place from its gradient. The learning rate and the hyper-parameters can be
 * changed between steps without losing the accumulated state (momentum, running averages, Adam's step count).
 */
export class LiteOptimizer {
  learningRate: number;
  private config: Resolved;
  private slotA: Float64Array | null = null;
  private slotB: Float64Array | null = null;
  private t = 0;

  constructor(
    config: LiteOptimizerConfig,
    learningRate: number,
    private readonly size: number,
  ) {
    this.learningRate = learningRate;
    this.config = withDefaults(config);
    this.allocate();
  }

  get type(): LiteOptimizerType {
    return this.config.type;
  }

  /** Changes hyper-parameters; a different optimiser type starts from fresh state. */
  configure(config: LiteOptimizerConfig): void {
    const typeChanged = config.type !== this.config.type;
    this.config = withDefaults(config);
    if (typeChanged) {
      this.t = 0;
      this.allocate();
    }
  }

  /** Plain data describing the current settings. */
  describe(): LiteOptimizerConfig {
    return { ...this.config };
  }

  step(params: Float64Array, grads: Float64Array): void {
    if (!(this.learningRate > 0) || !Number.isFinite(this.learningRate)) {
      throw new CoreError('INVALID_ARGUMENT', `lite optimizer: learning rate must be a positive number, got ${this.learningRate}`);
    }
    const lr = this.learningRate;
    const n = this.size;
    const c = this.config;
    switch (c.type) {
      case 'sgd':
        for (let i = 0; i < n; i++) params[i] = params[i]! - lr * grads[i]!;
        return;
      case 'momentum': {
        const v = this.slotA!;
        const m = c.momentum;
        if (c.nesterov) {
          for (let i = 0; i < n; i++) {
            const vi = m * v[i]! + grads[i]!;
            v[i] = vi;
            params[i] = params[i]! - lr * (grads[i]! + m * vi);
          }
        } else {
          for (let i = 0; i < n; i++) {
            const vi = m * v[i]! + grads[i]!;
            v[i] = vi;
            params[i] = params[i]! - lr * vi;
          }
        }
        return;
      }
      case 'rmsprop': {
        const ms = this.slotA!;
        const mom = this.slotB!;
        const { decay, momentum, epsilon } = c;
        for (let i = 0; i < n; i++) {
          const g = grads[i]!;
          const s = decay * ms[i]! + (1 - decay) * g * g;
          ms[i] = s;
          // epsilon outside the root, as @aelab/core's tfjs optimiser has it (tf.train.rmsprop puts it inside).
          const m = momentum * mom[i]! + (lr * g) / (Math.sqrt(s) + epsilon);
          mom[i] = m;
          params[i] = params[i]! - m;
        }
        return;
      }
      case 'adam': {
        const m = this.slotA!;
        const v = this.slotB!;
        const { beta1, beta2, epsilon } = c;
        this.t += 1;
        const c1 = 1 - Math.pow(beta1, this.t);
        const c2 = 1 - Math.pow(beta2, this.t);
        for (let i = 0; i < n; i++) {
          const g = grads[i]!;
          const mi = beta1 * m[i]! + (1 - beta1) * g;
          const vi = beta2 * v[i]! + (1 - beta2) * g * g;
          m[i] = mi;
          v[i] = vi;
          params[i] = params[i]! - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
        }
        return;
      }
    }
  }

  private allocate(): void {
    const n = this.size;
    this.slotA = this.config.type === 'sgd' ? null : new Float64Array(n);
    this.slotB = this.config.type === 'rmsprop' || this.config.type === 'adam' ? new Float64Array(n) : null;
  }
}

function withDefaults(config: LiteOptimizerConfig): Resolved {
  switch (config.type) {
    case 'sgd':
      return { type: 'sgd' };
    case 'momentum':
      return { type: 'momentum', momentum: config.momentum ?? 0.9, nesterov: config.nesterov ?? false };
    case 'rmsprop':
      return { type: 'rmsprop', decay: config.decay ?? 0.9, momentum: config.momentum ?? 0, epsilon: config.epsilon ?? 1e-7 };
    case 'adam':
      return { type: 'adam', beta1: config.beta1 ?? 0.9, beta2: config.beta2 ?? 0.999, epsilon: config.epsilon ?? 1e-7 };
    default:
      throw new CoreError('INVALID_ARGUMENT', `lite optimizer: unknown type ${String((config as { type: unknown }).type)}`);
  }
}
