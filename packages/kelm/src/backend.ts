/**
 * The solvers alternate backend products with CPU work on their results, so they read tensors back synchronously
 * many times per fit. A backend that cannot (WebGPU under Node has no synchronous readback) would fail in the
 * middle of a fit; there the work runs on a CPU-side backend — WASM when it is registered, else the plain `cpu`
 * one — and the caller's backend is restored afterwards. Nothing else may use tensors of the caller's backend in the
 * meantime, which holds for the sequential fit-then-predict pipelines this library serves.
 */
import * as tf from '@tensorflow/tfjs';
import { KelmError } from './errors.js';

/** Preferred stand-ins, fastest first. */
const STAND_INS = ['wasm', 'cpu'];

const probed = new Map<string, boolean>();

/** Whether the active backend can read a tensor back synchronously (probed once per backend name). */
export function readsSynchronously(): boolean {
  const name = tf.getBackend();
  let ok = probed.get(name);
  if (ok === undefined) {
    // An op's output, big enough to be computed on the device: WebGPU answers reads of freshly uploaded values
    // from its CPU copy, and runs ops on small tensors on the CPU, neither of which proves anything.
    const probe = tf.tidy(() => tf.add(tf.ones([64, 64]), 0.5));
    try {
      ok = probe.dataSync()[0] === 1.5;
    } catch {
      ok = false;
    } finally {
      probe.dispose();
    }
    probed.set(name, ok);
  }
  return ok;
}

/**
 * Makes an already initialised backend active. tf.setBackend is async only while a backend is being initialised;
 * for an initialised one it switches before its first await, which is checked rather than assumed.
 */
function switchNow(name: string): boolean {
  if (tf.getBackend() === name) return true;
  if (!tf.findBackend(name)) return false;
  void tf.setBackend(name);
  return tf.getBackend() === name;
}

function noStandIn(previous: string): KelmError {
  return new KelmError(
    'BACKEND_UNSUPPORTED',
    `the ${previous} backend cannot read tensors back synchronously, which the KELM/ELM solvers need, and neither the wasm nor the cpu backend could stand in; select wasm or cpu`,
  );
}

/** Runs fn on the active backend, or on a stand-in when the active one cannot read synchronously. */
export async function withReadableBackend<T>(fn: () => Promise<T>): Promise<T> {
  if (readsSynchronously()) return fn();
  const previous = tf.getBackend();
  let standIn: string | undefined;
  for (const name of STAND_INS) {
    try {
      if (tf.findBackend(name) ? switchNow(name) : await tf.setBackend(name)) {
        standIn = name;
        break;
      }
    } catch {
      // Not registered in this process: try the next one.
    }
  }
  if (!standIn) {
    switchNow(previous);
    throw noStandIn(previous);
  }
  try {
    return await fn();
  } finally {
    switchNow(previous);
  }
}

/** The same for synchronous work: only backends already initialised can stand in (cpu always can). */
export function withReadableBackendSync<T>(fn: () => T): T {
  if (readsSynchronously()) return fn();
  const previous = tf.getBackend();
  const standIn = STAND_INS.find((name) => switchNow(name));
  if (!standIn) throw noStandIn(previous);
  try {
    return fn();
  } finally {
    switchNow(previous);
  }
}
