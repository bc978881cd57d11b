export * from './events.js';
export * from './epoch-metrics.js';
export * from './data.js';
export * from './train.js';
export * from './greedy.js';
export * from './run-model.js';
export * from './run-data.js';
