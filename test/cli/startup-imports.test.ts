// Start-up must load only commander and the command registrations. Every other dependency
// (undici, @peculiar/*, asn1js, @clack/prompts, crypto and TLS) belongs inside an action, behind
// import(), so that esbuild's code splitting keeps it out of the chunks that the entry file
// imports statically. The test builds the bundle with scripts/build.mjs and walks esbuild's
// metafile from the entry file along its static imports.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { before, test } from 'node:test';

import { createTempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The parts of esbuild's metafile that the test reads. */
interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }>; inputs: Record<string, unknown> }>;
}

/** Packages that start-up may load: the argument parser and its typings wrapper. */
const startupPackages = new Set(['commander', '@commander-js/extra-typings']);
/** Built-in modules that only actions need, because loading them adds to every start-up. */
const actionBuiltins = ['node:crypto', 'node:tls', 'node:http', 'node:https', 'node:http2', 'node:net', 'node:zlib'];

const outdir = await createTempDir('aicore-mtls-startup-');
let startupInputs: Set<string>;
let startupExternals: Set<string>;

/** Returns the package name of a node_modules input path, or undefined for the project's own files. */
function packageOf(input: string): string | undefined {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1];
}

before(async () => {
  const metafilePath = join(outdir, 'metafile.json');
  await run(process.execPath, [join(root, 'scripts/build.mjs'), '--outdir', outdir, '--metafile', metafilePath], { cwd: root });
  const metafile = JSON.parse(await readFile(metafilePath, 'utf8')) as Metafile;

  // Output paths in the metafile are relative to the project root.
  const entry = Object.keys(metafile.outputs).find((path) => path.endsWith('/aicore-mtls.js'));
  assert.ok(entry, 'the metafile lists no aicore-mtls.js output');

  startupInputs = new Set();
  startupExternals = new Set();
  const pending = [entry];
  const visited = new Set<string>();
  while (pending.length > 0) {
    const output = pending.pop()!;
    if (visited.has(output)) continue;
    visited.add(output);
    const { imports, inputs } = metafile.outputs[output]!;
    for (const input of Object.keys(inputs)) startupInputs.add(input);
    for (const imported of imports) {
      // Dynamic imports load later, inside actions. Every other kind of import loads at start-up.
      if (imported.kind === 'dynamic-import') continue;
      if (imported.external) startupExternals.add(imported.path);
      else pending.push(imported.path);
    }
  }
});

test('startup graph found program and commander', () => {
  // Guards the walk itself: without these the other checks would pass on an empty set.
  assert.ok(startupInputs.has('src/cli/program.ts'));
  assert.ok(startupInputs.has('src/cli/commands/cert/inspect.ts'));
  assert.ok([...startupInputs].some((input) => packageOf(input) === 'commander'));
});

test('startup loads only commander packages', () => {
  const packages = new Set([...startupInputs].map(packageOf).filter((name) => name !== undefined));
  const unexpected = [...packages].filter((name) => !startupPackages.has(name)).sort();
  assert.deepEqual(unexpected, [], `packages loaded at start-up: ${unexpected.join(', ')}; import them inside the command's action instead`);
});

test('startup loads no action module', () => {
  const actions = [...startupInputs].filter((input) => input.startsWith('src/cli/commands/') && input.endsWith('-action.ts')).sort();
  assert.deepEqual(actions, [], `action modules loaded at start-up: ${actions.join(', ')}`);
});

test('startup imports no network or crypto builtin', () => {
  const builtins = actionBuiltins.filter((name) => startupExternals.has(name) || startupExternals.has(name.slice('node:'.length)));
  assert.deepEqual(builtins, [], `built-in modules imported at start-up: ${builtins.join(', ')}`);
});

test('built bundle prints version', async () => {
  const { stdout } = await run(process.execPath, [join(outdir, 'aicore-mtls.js'), '--version']);
  assert.match(stdout, /^\d+\.\d+\.\d+\n$/);
});

test('built bundle runs cert help', async () => {
  const { stdout } = await run(process.execPath, [join(outdir, 'aicore-mtls.js'), 'cert', 'inspect', '--help']);
  assert.match(stdout, /^Usage: aicore-mtls cert inspect/);
});
