export * from './random.js';
export { activate, activateScalar } from './activations.js';
export * from './initializers.js';
export * from './layer.js';
export * from './batch-norm.js';
export * from './dense.js';
export * from './conv.js';
export * from './corruption.js';
