import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from '../config/training.js';
import { adamUpdateAll } from '../backend/fused/adam.js';
import { CoreError } from '../errors.js';

export interface SavedArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

/**
 * A first-order optimizer over a fixed list of variables. Its whole state (slots and step count) can be read and
 * restored, and bias corrections are computed from the step count in double precision, so a run resumed from a
 * checkpoint continues with exactly the numbers of an uninterrupted one.
 */
export interface Optimizer {
  readonly config: OptimizerConfig;
  readonly learningRate: number;
  /** Steps taken so far. */
  readonly iterations: number;
  /** Updates `variables[i]` with `gradients[i]` (a missing gradient leaves that variable alone). */
  applyGradients(variables: tf.Variable[], gradients: (tf.Tensor | undefined)[]): void;
  getState(): SavedArray[];
  /** The same as getState, read without blocking (WebGPU in Node has no synchronous reads). */
  getStateAsync(): Promise<SavedArray[]>;
  setState(state: SavedArray[]): void;
  dispose(): void;
}

/** Slot names per optimizer type: one tensor per slot and variable. */
const slotNames: Record<OptimizerConfig['type'], string[]> = {
  sgd: [],
  momentum: ['velocity'],
  rmsprop: ['meanSquare', 'moment'],
  adam: ['m', 'v'],
};

class SlotOptimizer implements Optimizer {
  iterations = 0;
  /** slots[slot][variableIndex] */
  private slots: (tf.Variable | null)[][];

  constructor(
    readonly config: OptimizerConfig,
    readonly learningRate: number,
  ) {
    this.slots = slotNames[config.type].map(() => []);
  }

  private slot(s: number, i: number, like: tf.Tensor): tf.Variable {
    let v = this.slots[s]![i];
    if (!v) {
      v = tf.variable(tf.zerosLike(like), false);
      this.slots[s]![i] = v;
    }
    return v;
  }

  applyGradients(variables: tf.Variable[], gradients: (tf.Tensor | undefined)[]): void {
    this.iterations += 1;
    const t = this.iterations;
    const lr = this.learningRate;
    const c = this.config;
    if (c.type === 'adam') {
      this.applyAdam(variables, gradients, t);
      return;
    }
    variables.forEach((w, i) => {
      const g = gradients[i];
      if (!g) return;
      tf.tidy(() => {
        switch (c.type) {
          case 'sgd':
            w.assign(tf.sub(w, tf.mul(g, lr)));
            break;
          case 'momentum': {
            // v = m v + g; w -= lr v (Nesterov: w -= lr (g + m v)).
            const v = this.slot(0, i, w);
            const next = tf.add(tf.mul(v, c.momentum), g);
            v.assign(next);
            w.assign(tf.sub(w, tf.mul(c.nesterov ? tf.add(g, tf.mul(next, c.momentum)) : next, lr)));
            break;
          }
          case 'rmsprop': {
            // ms = d ms + (1 - d) g^2; step = lr g / (sqrt(ms) + eps), through a momentum buffer when momentum > 0.
            const ms = this.slot(0, i, w);
            const nextMs = tf.add(tf.mul(ms, c.decay), tf.mul(tf.square(g), 1 - c.decay));
            ms.assign(nextMs);
            let step = tf.div(tf.mul(g, lr), tf.add(tf.sqrt(nextMs), c.epsilon));
            if (c.momentum > 0) {
              const mom = this.slot(1, i, w);
              step = tf.add(tf.mul(mom, c.momentum), step);
              mom.assign(step);
            }
            w.assign(tf.sub(w, step));
            break;
          }
        }
      });
    });
  }

  /**
   * Adam for every variable with a gradient at once: one kernel call where the backend fuses the whole step (blas),
   * one fused pass per variable where it fuses one (WASM, CPU), plain ops elsewhere.
   */
  private applyAdam(variables: tf.Variable[], gradients: (tf.Tensor | undefined)[], t: number): void {
    const c = this.config;
    if (c.type !== 'adam') return;
    tf.tidy(() => {
      // Inside the tidy: a first step creates the slots from zerosLike tensors the tidy then frees.
      const used = variables.flatMap((w, i) => (gradients[i] ? [{ w, g: gradients[i], m: this.slot(0, i, w), v: this.slot(1, i, w) }] : []));
      const next = adamUpdateAll(
        used.map((u) => u.w),
        used.map((u) => u.g),
        used.map((u) => u.m),
        used.map((u) => u.v),
        { learningRate: this.learningRate, beta1: c.beta1, beta2: c.beta2, epsilon: c.epsilon, step: t },
      );
      used.forEach((u, i) => {
        u.m.assign(next[i]!.m);
        u.v.assign(next[i]!.v);
        u.w.assign(next[i]!.w);
      });
    });
  }

  /** Every slot variable with its saved name, in a fixed order. */
  private namedSlots(): { name: string; variable: tf.Variable }[] {
    const out: { name: string; variable: tf.Variable }[] = [];
    slotNames[this.config.type].forEach((name, s) => {
      this.slots[s]!.forEach((v, i) => {
        if (v) out.push({ name: `${name}/${i}`, variable: v });
      });
    });
    return out;
  }

  private iterationsState(): SavedArray {
    return { name: 'iterations', shape: [1], values: Float32Array.of(this.iterations) };
  }

  getState(): SavedArray[] {
    const slots = this.namedSlots().map(({ name, variable }) => ({ name, shape: [...variable.shape], values: Float32Array.from(variable.dataSync() as Float32Array) }));
    return [this.iterationsState(), ...slots];
  }

  async getStateAsync(): Promise<SavedArray[]> {
    const named = this.namedSlots();
    const values = await Promise.all(named.map(({ variable }) => variable.data() as Promise<Float32Array>));
    // The CPU backend hands out its own buffer: copy, as getState does.
    return [this.iterationsState(), ...named.map(({ name, variable }, i) => ({ name, shape: [...variable.shape], values: Float32Array.from(values[i]!) }))];
  }

  setState(state: SavedArray[]): void {
    const names = slotNames[this.config.type];
    for (const s of state) {
      if (s.name === 'iterations') {
        this.iterations = s.values[0] ?? 0;
        continue;
      }
      const [slot, index] = s.name.split('/');
      const si = names.indexOf(slot ?? '');
      const vi = Number(index);
      if (si < 0 || !Number.isInteger(vi)) throw new CoreError('MODEL_FORMAT', `optimizer state "${s.name}" does not belong to ${this.config.type}`);
      this.slots[si]![vi]?.dispose();
      const initial = tf.tensor(s.values, s.shape, 'float32');
      this.slots[si]![vi] = tf.variable(initial, false);
      initial.dispose();
    }
  }

  dispose(): void {
    for (const slot of this.slots) for (const v of slot) v?.dispose();
    this.slots = this.slots.map(() => []);
  }
}

/**
 * The optimizer for a config:
 * - sgd: w -= lr g
 * - momentum: v = m v + g; w -= lr v (Nesterov optional) — PyTorch's form; the demo paper's average
 *   m = b m + (1 - b) g is the same with lr scaled by 1 / (1 - b)
 * - rmsprop: s = d s + (1 - d) g^2; w -= lr g / (sqrt(s) + eps) (optionally through a momentum buffer)
 * - adam: bias-corrected moments (Kingma & Ba): w -= lr m^ / (sqrt(v^) + eps)
 */
export function createOptimizer(config: OptimizerConfig, learningRate: number): Optimizer {
  return new SlotOptimizer(config, learningRate);
}
