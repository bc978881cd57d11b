// Browser-safe backend API of @aelab/core. Node's selectBackend (tfjs-node, Dawn WebGPU, WASM files on disk) is in
// @aelab/core/node.
export * from './types.js';
export { selectFrom, listFrom, type BackendReport } from './select.js';
export { browserCandidates, cpuCandidate, selectBrowserBackend, listBrowserBackends, type BrowserBackendOptions } from './browser.js';
export { activateWebGpu, describeAdapter, withTimeout, type GpuAdapterLike, type GpuAdapterInfoLike, type GpuLike } from './webgpu.js';
export { activateWasm, type WasmOptions, type WasmBinaryName } from './wasm/activate.js';
export { patchWasmKernels, unpatchWasmKernels, wasmPatchStatus } from './wasm/patch.js';
export { adamUpdate, adamUpdatePath, FusedAdam, type AdamParams } from './fused/adam.js';
export { meanBceWithLogits } from './fused/bce.js';
