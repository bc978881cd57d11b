import { sharedConfig } from '../../vitest.shared.ts';

// Tests run on the WASM backend, the one the library is tuned for (the pure-JS cpu backend is ~20x slower).
export default sharedConfig({ test: { setupFiles: ['./test/setup.ts'] } });
