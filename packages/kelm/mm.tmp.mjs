import * as tf from '@tensorflow/tfjs';
const wasmPath = '/work/main/packages/core/node_modules/@tensorflow/tfjs-backend-wasm/dist/index.js';
await import(wasmPath);
const be = process.argv[2] ?? 'wasm';
await tf.setBackend(be); await tf.ready();
console.log('backend', tf.getBackend(), tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'));
for (const [m,k,n] of [[2048,2048,2048],[4096,4096,4096],[6000,784,6000],[4096,256,4096],[8192,512,8192]]) {
  const a = tf.randomUniform([m,k]); const b = tf.randomUniform([k,n]);
  for (let r=0;r<2;r++){ const t0=performance.now(); const c = tf.matMul(a,b); c.dataSync(); const dt=(performance.now()-t0)/1000; console.log(m,k,n, dt.toFixed(3),'s', (2*m*k*n/dt/1e9).toFixed(1),'GFLOP/s'); c.dispose(); }
  // transposeB
  const t0=performance.now(); const c = tf.matMul(a,b.transpose()); c.dataSync(); console.log(' transposed-then',((performance.now()-t0)/1000).toFixed(3));c.dispose();
  a.dispose(); b.dispose();
}
