export * from './data.js';
export * from './model.js';
export * from './training.js';
export * from './run.js';
export * from './parse.js';
export * from './unknown-keys.js';
