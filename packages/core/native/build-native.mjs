#!/usr/bin/env node
// `npm run build-native`: the shared build step, from the workspace's tools/native or, in a published package, the
// copy packed beside this file (tools/native/build-native.mjs makes it; one source of truth).
import { existsSync } from 'node:fs';

const workspace = new URL('../../../tools/native/build-native.mjs', import.meta.url);
await import(existsSync(workspace) ? workspace.href : new URL('./build-native.shared.mjs', import.meta.url).href);
