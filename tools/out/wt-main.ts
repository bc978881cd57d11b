import { Worker } from 'node:worker_threads';
const threads = Number(process.argv[2] ?? 2);
const samples = Number(process.argv[3] ?? 1024);
const tsx = import.meta.resolve('tsx/esm/api');
const entry = new URL('./wt-worker.ts', import.meta.url);
const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry.href)});`;
const t0 = performance.now();
for (let run = 0; run < 2; run++) {
  const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { execArgv: ['--conditions=source'], workerData: { threads, samples } });
  const msg = await new Promise((ok, fail) => { w.once('message', ok); w.once('error', fail); });
  console.log(`worker ${run}:`, JSON.stringify(msg));
  const code = await w.terminate();
  console.log(`worker ${run} terminated`, code, `${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
console.log('main done');
