// Browser-safe pictures of what a model learned, as RGBA bytes (encode with `encodePng` of @aelab/datasets/node,
// or draw on a canvas).
export { blankImage, LEGIBLE_TILE_PX, upscaleNearest, type ImageScale, type RgbaImage } from './image.js';
export { weightTiles, type WeightTilesOptions } from './weight-tiles.js';
export { reconstructionStrip, type StripOptions } from './reconstruction-strip.js';
export { CLASS_COLOURS, codeScatter, type ScatterOptions } from './code-scatter.js';
export { lineChart, niceTicks, type ChartSeries, type LineChartOptions } from './line-chart.js';
export { stackImages } from './stack-images.js';
