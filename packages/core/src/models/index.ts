export * from './model.js';
export * from './layered.js';
export * from './registry.js';
export * from './autoencoder.js';
export * from './conv-autoencoder.js';
export * from './stacked.js';
export * from './build.js';
export * from './input-shape.js';
