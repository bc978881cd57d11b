import * as tf from '@tensorflow/tfjs';
import { withoutSyncReads } from '../../packages/core/test/helpers.ts';
await tf.setBackend('cpu');
try { await withoutSyncReads(async () => tf.scalar(1).dataSync()); console.log('NOT caught'); } catch (e) { console.log('caught:', (e as Error).message); }
try { await withoutSyncReads(async () => tf.scalar(1).arraySync()); console.log('NOT caught'); } catch (e) { console.log('caught:', (e as Error).message); }
console.log(await withoutSyncReads(async () => (await tf.scalar(2).data())[0]));
