export * from './events.js';
export * from './data.js';
export * from './train.js';
