#!/usr/bin/env node
// Published entry: runs the compiled CLI. In the workspace, `pnpm aelab` runs the sources through tsx.
import '../dist/main.js';
