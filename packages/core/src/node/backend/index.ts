export { selectBackend, listBackends, nodeCandidates, type NodeBackendOptions } from './select.js';
export { findWasmDir } from './wasm-files.js';
export { nativePackages } from './native.js';
export { activateBlas, defaultBlasThreads, type BlasOptions } from './blas/activate.js';
export { blasAddonPath, loadBlasAddon } from './blas/addon.js';
