export { selectBackend, listBackends, nodeCandidates, type NodeBackendOptions } from './select.js';
export { findWasmDir } from './wasm-files.js';
export { nativePackages } from './native.js';
