export { CoreError, type CoreErrorCode } from './errors.js';
export * from './config/index.js';
export * from './layers/index.js';
export * from './losses/index.js';
export * from './optimizers/index.js';
export * from './models/index.js';
export * from './training/index.js';
