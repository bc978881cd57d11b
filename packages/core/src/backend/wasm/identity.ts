import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';

interface RefCounted {
  dataIdMap: { get(dataId: object): { refCount: number } | undefined };
}

/*
 * tfjs-backend-wasm's Identity copies the whole tensor, and tf.js calls it for every tensor a gradient saves (engine
 * clone) and every variable read: ~30 copies a training step of the conv autoencoder, ~5 ms. Tensors are immutable,
 * so the buffer is shared and counted once more instead, as tf.js's CPU backend does; the backend frees it when the
 * last reference goes. `original` serves what has no counted buffer (strings).
 */
export function createIdentity(original: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const entry = x.dtype === 'string' ? undefined : (args.backend as unknown as RefCounted).dataIdMap.get(x.dataId);
    if (!entry) return original(args);
    entry.refCount++;
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}

/**
 * A cast to the tensor's own dtype is a copy on WASM; relu's gradient casts its float32 step mask every step. Shared
 * as Identity is; every real conversion is `original`'s.
 */
export function createCast(original: KernelFunc, identity: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { dtype } = args.attrs as unknown as { dtype: string };
    return dtype === x.dtype ? identity(args) : original(args);
  };
}
