/// <reference lib="webworker" />
import { serveEngine } from '../engine/serve.js';
import { DigitsEngine } from './engine.js';
import type { FromDigits, ToDigits } from './protocol.js';

serveEngine<ToDigits, FromDigits>((post) => new DigitsEngine(post));
