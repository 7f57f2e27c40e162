// Measures `aicore-mtls status` over 200 landscapes: wall time with --concurrency 1 (sequential)
// against 8 and 16, and the peak resident memory of each run.
//
//   node --import tsx bench/status-200-landscapes.mjs [--landscapes 200] [--delay-ms 50] [--runs 3]
//
// The sandbox runs in this process. It holds one Destination certificate per landscape, and every
// Destination request waits --delay-ms first (a sandbox delay fault) to stand in for the round trip
// to SAP BTP, which loopback does not have. `status` runs as a child process from the TypeScript
// bundle that scripts/build.mjs writes into a temporary folder (what users run), so its peak RSS
// (process.resourceUsage().maxRSS) is its own. Each concurrency level runs --runs times on the same state
// database; the median wall time is printed.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { createDestinationClient } from '../src/btp/destination/index.ts';
import { credentialsFromObject } from '../src/credentials/index.ts';
import { startSandbox } from '../src/sandbox/index.ts';

const { values } = parseArgs({
  options: {
    landscapes: { type: 'string', default: '200' },
    'delay-ms': { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
  },
});
const landscapeCount = Number(values.landscapes);
const delayMs = Number(values['delay-ms']);
const runs = Number(values.runs);
const root = fileURLToPath(new URL('..', import.meta.url));

const sandbox = await startSandbox({ port: 0 });
const folder = await mkdtemp(join(tmpdir(), 'aicore-mtls-bench-status-'));
// Inside the repository, so that the bundle resolves the native better-sqlite3 from node_modules.
const bundleDir = join(root, '.tmp', 'bench-status-bundle');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--outdir', bundleDir], { stdio: 'inherit' });
try {
  await writeFile(join(folder, 'destination-key.json'), JSON.stringify(sandbox.destinationServiceKey), { mode: 0o600 });
  await writeFile(join(folder, 'sandbox-ca.pem'), sandbox.caCertificatePem);

  console.log(`generating ${landscapeCount} certificates in the sandbox Destination service ...`);
  const credentials = credentialsFromObject(sandbox.destinationServiceKey, 'sandbox Destination key', { service: 'destination' });
  const client = createDestinationClient({ credentials, http: { extraCaCertificates: [sandbox.caCertificatePem], environment: {} } });
  const lines = ['version: 1', 'landscapes:'];
  for (let index = 0; index < landscapeCount; index += 1) {
    const name = `L${String(index).padStart(3, '0')}`;
    await client.generate({ name: `${name}.pem`, commonName: name, validity: { TimeUnit: 'YEARS', Value: 1 }, automaticRenew: true, password: 'bench-password-1' });
    lines.push(`  - name: ${name}`, '    destination: { serviceKey: destination-key.json, certificateName: ' + `${name}.pem }`, `    s4: { system: S4${index % 10}, identity: ISLM }`);
  }
  await client.close();
  const inventory = join(folder, 'aicore-mtls.yaml');
  await writeFile(inventory, `${lines.join('\n')}\n`);

  if (delayMs > 0) sandbox.faults.add({ service: 'destination', kind: 'delay', delayMs, count: 'always' });

  const results = [];
  for (const concurrency of [1, 8, 16, 32]) {
    const samples = [];
    for (let run = 0; run < runs; run += 1) samples.push(await runStatus(inventory, concurrency));
    samples.sort((a, b) => a.wallMs - b.wallMs);
    const median = samples[Math.floor(samples.length / 2)];
    results.push({ concurrency, wallMs: median.wallMs, maxRssMiB: Math.max(...samples.map((sample) => sample.maxRssMiB)) });
  }

  const sequential = results[0].wallMs;
  console.log(`\n${landscapeCount} landscapes, Destination delay ${delayMs} ms, ${runs} runs each, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
  console.log('concurrency  median wall  speed-up  peak RSS');
  for (const result of results) {
    console.log(`${String(result.concurrency).padStart(11)}  ${`${(result.wallMs / 1000).toFixed(2)} s`.padStart(11)}  ${`${(sequential / result.wallMs).toFixed(1)}x`.padStart(8)}  ${result.maxRssMiB.toFixed(0)} MiB`);
  }
} finally {
  await sandbox.stop();
  await rm(folder, { recursive: true, force: true });
}

/** Runs status in a child process; resolves with its wall time and peak RSS, measured inside it. */
function runStatus(inventory, concurrency) {
  const script = `
    const started = performance.now();
    process.argv = [process.argv[0], 'aicore-mtls', 'status', '--inventory', ${JSON.stringify(inventory)}, '--ca-file', ${JSON.stringify(join(folder, 'sandbox-ca.pem'))}, '--concurrency', '${concurrency}', '--json'];
    process.on('exit', () => process.stderr.write('BENCH ' + JSON.stringify({ wallMs: performance.now() - started, maxRssKiB: process.resourceUsage().maxRSS }) + '\\n'));
    await import(${JSON.stringify(pathToFileURL(join(bundleDir, 'aicore-mtls.js')).href)});
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', () => {
      const line = stderr.split('\n').find((entry) => entry.startsWith('BENCH '));
      if (!line) return reject(new Error(`status produced no measurement:\n${stderr}`));
      const report = JSON.parse(stdout);
      if (report.landscapes?.length !== landscapeCount) return reject(new Error(`status reported ${report.landscapes?.length} landscapes:\n${stderr}`));
      const measured = JSON.parse(line.slice(6));
      resolve({ wallMs: measured.wallMs, maxRssMiB: measured.maxRssKiB / 1024 });
    });
  });
}
