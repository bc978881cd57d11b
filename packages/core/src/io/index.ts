export * from './weights.js';
export * from './model-io.js';
export * from './pack.js';
