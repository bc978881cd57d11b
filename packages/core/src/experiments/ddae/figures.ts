import { reconstructionStrip } from '../../outputs/reconstruction-strip.js';
import { weightTiles } from '../../outputs/weight-tiles.js';
import { firstOfEachClass } from '../../pipelines/labelled.js';
import type { ArtifactSink } from '../experiment.js';
import type { TableData } from './table-data.js';
import type { Figure } from './results.js';
import type { TrainedStack } from './stacks.js';
import type { StackModelName, TableDataset } from './types.js';

const TITLES: Record<StackModelName, string> = { AE: 'AE', SAE: 'SAE', DAE: 'DAE', DDAE: 'DropConnect-AE (DDAE level 1)' };
/** Units shown in a weight map: enough to see the kind of filters without a 1000-tile wall. */
const MAX_TILES = 100;

/**
 * The paper's Fig. 3.5 (first-level weights of AE, SAE, DAE, DropConnect-AE, one tile per hidden unit) and Fig. 3.6
 * (test digits above their first-level reconstructions), written to the sink as PNG.
 */
export async function writeStackFigures(
  dataset: TableDataset,
  model: StackModelName,
  stack: Pick<TrainedStack, 'firstLevelWeights' | 'reconstructFirstLevel'>,
  table: TableData,
  sink: ArtifactSink,
): Promise<Figure[]> {
  const [h, w] = table.imageShape;
  const out: Figure[] = [];
  const { values, units } = await stack.firstLevelWeights();
  const shown = Math.min(units, MAX_TILES);
  const tiles = weightTiles(values, [h, w], { columns: 10, limit: shown, scale: 'auto' });
  const weights: Figure = { file: `figures/${dataset}-${model}-weights.png`, title: `${TITLES[model]} weights, ${dataset} (first ${shown} of ${units} units)`, dataset, model, kind: 'weights' };
  await sink.writeImage(weights.file, tiles);
  out.push(weights);
  const x = firstOfEachClass(table.test, table.classes);
  const rec = await stack.reconstructFirstLevel(x);
  const strip = reconstructionStrip(x.data, rec.data, [h, w], x.rows, { scale: 'auto' });
  const reconstruction: Figure = {
    file: `figures/${dataset}-${model}-reconstruction.png`,
    title: `${TITLES[model]} reconstructions, ${dataset} (top: test digits, bottom: level-1 reconstructions)`,
    dataset,
    model,
    kind: 'reconstruction',
  };
  await sink.writeImage(reconstruction.file, strip);
  out.push(reconstruction);
  return out;
}
