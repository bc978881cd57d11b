// `aelab serve` / `aelab-server`: starts the run service and prints `listening on URL` once it accepts calls.
import { parseArgs } from 'node:util';
import { ServerError } from './errors.js';
import { DEFAULT_PORT } from './options.js';
import { defaultStateDir } from './paths.js';
import { runEntry, stopOnSignals } from './process-entry.js';
import { startServer } from './server.js';
import { defaultWebDir, hasWebBuild } from './web-static.js';

const usage = `usage: aelab serve [options]

Starts the aelab run service (tRPC over HTTP; live progress over SSE).

options:
  --port P            port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H            interface to bind (default 127.0.0.1; anything else needs --token)
  --state-dir D       registry and run directories (default ${defaultStateDir()})
  --data-dir D        where datasets' files are read from (never written)
  --token T           bearer token required on every call (default: AELAB_TOKEN)
  --concurrency N     runs training at the same time (default 1-2 by core count)
  --allow-origin O    another browser origin allowed to call the API (repeatable)
  --max-epochs N      refuse configs asking for more epochs (default 10000)
  --web-dir D         serve this web app build on / (default: apps/web/dist when it holds a build)
  --no-web            serve the API only
  --queue URL         put runs on a BullMQ queue in Redis (redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://)
                      for \`aelab worker\` processes, instead of training them here
  -h, --help          this text
`;

function int(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new ServerError('INVALID_INPUT', `--${name} must be an integer in ${min}..${max}, got "${v}"`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'state-dir': { type: 'string' },
      'data-dir': { type: 'string' },
      token: { type: 'string' },
      concurrency: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      'max-epochs': { type: 'string' },
      'web-dir': { type: 'string' },
      'no-web': { type: 'boolean' },
      queue: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const maxEpochs = int('max-epochs', values['max-epochs'], 1, 1_000_000);
  // An explicit --web-dir must hold a build (startServer says so otherwise); the default is used only when it does.
  const builtApp = defaultWebDir();
  const webDir = values['no-web'] ? undefined : (values['web-dir'] ?? (builtApp && hasWebBuild(builtApp) ? builtApp : undefined));
  const server = await startServer({
    ...(values.host !== undefined && { host: values.host }),
    ...(values.port !== undefined && { port: int('port', values.port, 0, 65535)! }),
    ...(values['state-dir'] !== undefined && { stateDir: values['state-dir'] }),
    ...(values['data-dir'] !== undefined && { dataDir: values['data-dir'] }),
    ...((values.token ?? process.env.AELAB_TOKEN) ? { token: values.token ?? process.env.AELAB_TOKEN } : {}),
    ...(values.concurrency !== undefined && { concurrency: int('concurrency', values.concurrency, 1, 1024)! }),
    allowOrigins: values['allow-origin'] ?? [],
    ...(maxEpochs !== undefined && { limits: { maxEpochs } as never }),
    ...(webDir !== undefined && { webDir }),
    ...(values.queue !== undefined && { queue: values.queue }),
  });
  process.stdout.write(`listening on ${server.url}\n`);
  if (webDir !== undefined) process.stderr.write(`aelab: serving the web app from ${webDir} at ${server.url}/\n`);
  stopOnSignals('aelab', 'stopping (training runs become interrupted and can be resumed)', () => server.close());
}

await runEntry('aelab', usage, main);
