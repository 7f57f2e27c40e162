#!/usr/bin/env node
// Runs the esbuild bundle when it exists (fast start-up), else the TypeScript sources via tsx.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/aicore-mtls.js', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
