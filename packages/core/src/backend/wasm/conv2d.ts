import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './kernel-utils.js';
import { simdConv2D } from './simd/conv.js';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Filters up to this many go through simd/conv.wat's direct loops; more go to XNNPACK, whose GEMM tiles only pay off
 * with more filters. On the conv autoencoder's layers (16 -> 4 and 3 -> 16 channels, 3x3; 2x2 stride 2 in the
 * transposed layers' gradients) the loops took 1.7 ms against XNNPACK's 3.2 for 16 -> 4, about the same for 3 -> 16,
 * and 0.2-0.6 against 0.4-0.7 for the stride-2 ones (min of 30 calls, batch 128).
 */
const MAX_FILTERS = 16;

/** Conv2D through simd/conv.wat for NHWC inputs with few filters (in blocks of 4), else `original` (XNNPACK). */
export function createConv2D(original: KernelFunc): KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as Attrs;
    if (dataFormat !== 'NHWC' || x.shape.length !== 4 || filter.shape[3]! > MAX_FILTERS) return original(args);
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], strides, dilations, pad, dimRoundingMode);
    return simdConv2D(args.backend as WasmBackend, x, filter, info) ?? original(args);
  };
}
