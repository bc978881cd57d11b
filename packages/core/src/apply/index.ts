export { applyToImage, convStrideMultiple, MAX_APPLY_PIXELS, type AppliedImage } from './apply-model.js';
export { resizeRgba } from './resize.js';
