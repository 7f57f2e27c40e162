// Measures the cold start of `aicore-mtls cert inspect FILE` from the esbuild bundle against bare
// `node -e 0`, an empty ES module, `aicore-mtls --version` and `openssl x509 -noout -text -in FILE`, on one generated RSA-2048 chain
// (leaf, intermediate, root, and the leaf's key). Prints medians of RUNS runs each and whether
// the target (inspect within 1.3x of bare Node) is met.
//
//   node bench/cert-inspect-startup.mjs            # builds dist/ first
//   RUNS=25 node bench/cert-inspect-startup.mjs
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.RUNS ?? 15);
const warmups = 3;
const target = 1.3;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  return result;
}

console.log('building dist/ (npm run build) ...');
const build = run('npm', ['run', 'build', '--silent']);
if (build.status !== 0) {
  console.error(build.stdout, build.stderr);
  process.exit(1);
}

const folder = await mkdtemp(join(tmpdir(), 'aicore-mtls-bench-'));
const file = join(folder, 'chain.pem');
const generator = `
  import { writeFileSync } from 'node:fs';
  import { createTestPki } from './test/helpers/pki.ts';
  const pki = await createTestPki({ keyType: 'rsa-2048' });
  writeFileSync(${JSON.stringify(file)}, pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem + pki.leaf.privateKeyPem);
`;
const generated = run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', generator]);
if (generated.status !== 0) {
  console.error(generated.stderr);
  process.exit(1);
}

// The empty ES module shows what Node's ESM loader adds to every ESM entry point, the bundle included.
// `--version` parses no file: its time is the CLI's own start-up (bundle, commander, and the
// registration of every command, because `--version` names no command), which the difference to
// `cert inspect` separates from the command's work. `cert inspect` registers only `cert`, so the
// difference slightly understates that work.
const emptyModule = join(folder, 'empty.mjs');
await writeFile(emptyModule, '');
const commands = [
  { name: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
  { name: 'node empty.mjs', command: process.execPath, args: [emptyModule] },
  { name: 'aicore-mtls cert inspect', command: process.execPath, args: [join(root, 'dist/aicore-mtls.js'), 'cert', 'inspect', file] },
  { name: 'aicore-mtls --version', command: process.execPath, args: [join(root, 'dist/aicore-mtls.js'), '--version'] },
];
const openssl = ['/usr/bin/openssl', '/usr/local/bin/openssl'].find((path) => existsSync(path));
if (openssl) commands.push({ name: 'openssl x509 -noout -text', command: openssl, args: ['x509', '-noout', '-text', '-in', file] });

const inspectCommand = commands.find((entry) => entry.name === 'aicore-mtls cert inspect');
const check = run(inspectCommand.command, inspectCommand.args);
if (check.status !== 0) {
  console.error(`cert inspect exited with ${check.status}:\n${check.stdout}\n${check.stderr}`);
  process.exit(1);
}

function timeOnce({ command, args }) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

for (let index = 0; index < warmups; index += 1) for (const entry of commands) timeOnce(entry);
const samples = new Map(commands.map((entry) => [entry.name, []]));
// Interleaved, so that machine noise affects all commands alike.
for (let index = 0; index < runs; index += 1) for (const entry of commands) samples.get(entry.name).push(timeOnce(entry));

const median = (values) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const medians = new Map([...samples].map(([name, values]) => [name, median(values)]));
const node = medians.get('node -e 0');
const inspect = medians.get('aicore-mtls cert inspect');

console.log(`\nmedian of ${runs} runs (Node ${process.version}, ${process.platform} ${process.arch}):`);
for (const [name, value] of medians) console.log(`  ${name.padEnd(28)} ${value.toFixed(1).padStart(7)} ms   ${(value / node).toFixed(2)}x bare Node`);
if (openssl) console.log(`  cert inspect / openssl x509: ${(inspect / medians.get('openssl x509 -noout -text')).toFixed(2)}x`);
console.log(`  cert inspect work (inspect minus --version): ${(inspect - medians.get('aicore-mtls --version')).toFixed(1)} ms`);
const ratio = inspect / node;
console.log(`target: cert inspect within ${target}x of bare Node: ${ratio <= target ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x)`);

await rm(folder, { recursive: true, force: true });
