// Bundles the CLI into dist/ with esbuild. Commands import their heavy modules lazily, so code
// splitting keeps them in separate chunks that start-up and `--help` never load.
//
//   node scripts/build.mjs                                   # dist/
//   node scripts/build.mjs --outdir DIR --metafile FILE      # another folder, plus esbuild's metafile
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: 'string' }, metafile: { type: 'string' } } });
const outdir = values.outdir === undefined ? resolve(root, 'dist') : resolve(values.outdir);

await rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { 'aicore-mtls': 'src/cli/main.ts', index: 'src/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  legalComments: 'none',
  // A native addon: it is loaded from node_modules at run time, never bundled.
  external: ['better-sqlite3'],
  logLevel: 'warning',
  metafile: values.metafile !== undefined,
  // commander and other CommonJS dependencies call require(); ESM output has none by default.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
if (values.metafile !== undefined) await writeFile(resolve(values.metafile), JSON.stringify(result.metafile));
