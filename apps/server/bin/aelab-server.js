#!/usr/bin/env node
// Published entry: runs the compiled server. In the workspace, `pnpm aelab serve` runs the sources through tsx.
import '../dist/main.js';
