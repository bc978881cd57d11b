// Node entry (`@aelab/server/node`): start the run service in-process (tests, tools, embedding).
export { startServer, type RunningServer } from './server.js';
export { defaultOptions, defaultLimits, DEFAULT_PORT, type ServerOptions } from './options.js';
export { defaultStateDir } from './paths.js';
