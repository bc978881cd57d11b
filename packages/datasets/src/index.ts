// @aelab/datasets — browser-safe entry. Reading files, downloading and image codecs live in `@aelab/datasets/node`.
export { DatasetError, type DatasetErrorCode } from './errors.js';
export { DATASET_NAMES, isDatasetName, sampleSize, type Dataset, type DatasetMeta, type DatasetName, type Split } from './types.js';
export { CIFAR10_CLASS_NAMES, DIGIT_CLASS_NAMES, datasetInfo, listDatasets, type DatasetInfo } from './catalog.js';
export { MANIFESTS, manifestFor, type ArchiveSource, type CanonicalFile, type DatasetManifest, type FileDatasetName } from './manifest.js';
export { createRng, mulberry32, permutation, seededValues, shuffleInPlace, type Rng } from './rng.js';
export { bytesToUnitFloats, mnistFromIdx, parseIdx, type IdxArray } from './idx.js';
export { parseUsps, type UspsRecords } from './usps.js';
export { CIFAR_RECORD_BYTES, cifarRecordCount, decodeCifarRecords, parseCifarMeta } from './cifar.js';
export { EMBEDDED_COUNT, EMBEDDED_SOURCE, binariseInPlace, mnistFromDigitFiles } from './embedded.js';
export { gaussianClusters, type GaussianOptions } from './gaussian.js';
export {
  applySplitFile,
  parseSplitIndices,
  sampleIndices,
  stratifiedSample,
  subsetDataset,
  trainValidationSplit,
  type SampleOptions,
  type SplitIndices,
  type TrainValidationOptions,
} from './splits.js';
export { labelHistogram } from './stats.js';
export { resizeImage, rgbaToTensor, tensorToRgba, type ImageTensor, type RgbaImage, type ToTensorOptions } from './image.js';
export { readTar, type TarEntry } from './tar.js';
export { jpegOrientation, orientImage } from './orientation.js';
