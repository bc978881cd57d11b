export * from './reconstruction.js';
export * from './regularizers.js';
