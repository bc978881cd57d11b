/// <reference lib="webworker" />
import { serveEngine } from '../engine/serve.js';
import { TrainingEngine } from './engine.js';
import type { FromEngine, ToEngine } from './protocol.js';

serveEngine<ToEngine, FromEngine>((post) => new TrainingEngine(post));
