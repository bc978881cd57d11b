// @aelab/datasets/node — files, cache, downloads and image codecs. The browser-safe API is re-exported too, so Node
// code needs one import.
export * from '../index.js';
export { loadDataset, type LoadOptions } from './load.js';
export { fetchDataset, type FetchOptions, type FetchResult } from './fetch.js';
export { downloadFile, defaultTimeoutMs, type DownloadOptions, type DownloadProgress } from './download.js';
export { defaultCacheDir, resolveCacheDir, resolveDataDir } from './paths.js';
export { embeddedDigitsDir, loadEmbeddedMnist } from './embedded.js';
export { decodeImage, encodePng, readImageFile, writePng } from './images.js';
export { applySplitFileAt, readSplitFile } from './splitfile.js';
export { combinedChecksum, gunzipIfNeeded, md5Hex, sha256Hex } from './files.js';
export { uspsContentSha256, verifyBytes } from './verify.js';
