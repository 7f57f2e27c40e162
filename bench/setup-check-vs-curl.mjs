// Measures `aicore-mtls setup` and `aicore-mtls check`, run from the esbuild bundle as users run
// them, against bench/curl-flow.sh, which sends the same HTTP calls with curl, jq and openssl.
// Both talk to one sandbox on 127.0.0.1 that runs in its own process. Runs are interleaved and
// the medians are compared with the targets: setup within 1.5x of the script, check within 1.2x.
//
//   node bench/setup-check-vs-curl.mjs
//   SETUP_RUNS=5 CHECK_RUNS=15 OPERATION_POLLS=1 MAX_SECONDS=600 node bench/setup-check-vs-curl.mjs
//
// OPERATION_POLLS is the poll at which the sandbox finishes an asynchronous binding creation. The
// default 1 makes the first poll succeed, so neither flow sleeps and the numbers show the clients'
// own cost. With 2, both wait about one second for Service Manager (setup's first poll delay is
// 1 s, the script sleeps 1 s between polls).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const setupRuns = Number(process.env.SETUP_RUNS ?? 5);
const checkRuns = Number(process.env.CHECK_RUNS ?? 15);
const operationPolls = Number(process.env.OPERATION_POLLS ?? 1);
const deadline = Date.now() + Number(process.env.MAX_SECONDS ?? 600) * 1000;
const childTimeoutMs = 120_000;
const targets = { setup: 1.5, check: 1.2 };

// Proxy variables are dropped so that every request stays on 127.0.0.1.
const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/_proxy$/i.test(name)));
environment.NODE_OPTIONS = '';

const folder = await mkdtemp(join(tmpdir(), 'aicore-mtls-bench-setup-'));
const dist = join(folder, 'dist');
const cli = join(dist, 'aicore-mtls.js');
const script = join(root, 'bench', 'curl-flow.sh');
const sandboxDir = join(folder, 'sandbox');
let sandboxProcess;

/**
 * Runs a command without blocking this process. Returns the exit code, the output, the elapsed
 * milliseconds and the arrival time of each stderr line (ms after the start), for step timings.
 */
function execute(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, env: { ...environment, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    const lines = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? childTimeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      const at = performance.now() - started;
      stderr += chunk;
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop();
      for (const line of parts) lines.push({ at, line });
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr, lines, ms: performance.now() - started });
    });
  });
}

async function must(label, command, args, options) {
  const result = await execute(command, args, options);
  if (result.code !== 0) throw new Error(`${label} exited with ${result.code}${result.signal ? ` (${result.signal})` : ''}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

function checkDeadline(nextRun) {
  if (Date.now() > deadline) throw new Error(`MAX_SECONDS reached before ${nextRun}: raise it or lower the run counts`);
}

/** Starts the sandbox in a child process and resolves once it serves; SIGTERM stops it. */
async function startSandboxProcess() {
  const code = `
    import { startSandbox } from './src/sandbox/index.ts';
    const sandbox = await startSandbox({ dir: ${JSON.stringify(sandboxDir)}, port: 0, operationCompletion: { afterPolls: ${operationPolls}, afterMs: 60000 } });
    process.on('SIGTERM', async () => { await sandbox.stop(); process.exit(0); });
    process.stdout.write(JSON.stringify({ ready: true, instance: sandbox.aicoreInstanceName }) + '\\n');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, env: environment, stdio: ['ignore', 'pipe', 'inherit'] });
  sandboxProcess = child;
  const line = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sandbox did not start within 60 s')), 60_000);
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(text.split('\n')[0]);
      }
    });
    child.on('exit', (exitCode) => reject(new Error(`the sandbox exited with ${exitCode} before it served`)));
  });
  return JSON.parse(line);
}

async function stopSandboxProcess() {
  if (!sandboxProcess || sandboxProcess.exitCode !== null) return;
  const exited = new Promise((resolve) => sandboxProcess.once('exit', resolve));
  sandboxProcess.kill('SIGTERM');
  const timer = setTimeout(() => sandboxProcess.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const median = (values) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const format = (ms) => `${ms.toFixed(0).padStart(6)} ms`;

/** Durations between the step markers of a run: CLI `[n/5] step:` lines or script `step PHASE NAME` lines. */
function phases(result, pattern) {
  const marks = result.lines.flatMap(({ at, line }) => {
    const match = pattern.exec(line);
    return match ? [{ at, name: match[1] }] : [];
  });
  const durations = new Map([['start-up', marks[0]?.at ?? result.ms]]);
  marks.forEach((mark, index) => {
    const end = marks[index + 1]?.at ?? result.ms;
    durations.set(mark.name, (durations.get(mark.name) ?? 0) + end - mark.at);
  });
  return durations;
}

function phaseMedians(list) {
  const names = [...new Set(list.flatMap((entry) => [...entry.keys()]))];
  return new Map(names.map((name) => [name, median(list.map((entry) => entry.get(name) ?? 0))]));
}

try {
  console.log('building the CLI bundle (scripts/build.mjs) into a temporary folder ...');
  await must('build', process.execPath, ['scripts/build.mjs', '--outdir', dist]);

  console.log(`starting the sandbox (binding operations finish at poll ${operationPolls}) ...`);
  const { instance } = await startSandboxProcess();
  const caFile = join(sandboxDir, 'ca.pem');
  const passwordFile = join(folder, 'certificate.pass');
  await writeFile(passwordFile, 'bench-password-Xq7-correct-horse\n', { mode: 0o600 });

  // Two ways to trust the sandbox CA: --ca-file (what the sandbox docs show) and NODE_EXTRA_CA_CERTS,
  // which leaves the client on Node's default root store as against SAP BTP, where no extra CA is needed.
  const setupArgs = (name, withCaFile) => [
    cli, 'setup',
    '--destination-key', join(sandboxDir, 'destination-service-key.json'),
    '--service-manager-key', join(sandboxDir, 'service-manager-key.json'),
    '--instance', instance,
    ...(withCaFile ? ['--ca-file', caFile] : []),
    '--password-file', passwordFile,
    '--cert-name', `${name}.pem`,
    '--out', join(folder, name),
  ];
  const extraCaEnv = { NODE_EXTRA_CA_CERTS: caFile };
  const setupScript = (name) => ({ SANDBOX_DIR: sandboxDir, CERT_NAME: `${name}.pem`, PASSWORD_FILE: passwordFile, OUT_DIR: join(folder, name), INSTANCE: instance });
  const cliStep = /^\[\d\/5\] (\w+):/;
  const scriptStep = /^step (\w+) /;

  console.log('warm-up: one setup each ...');
  await must('setup (warm-up)', process.execPath, setupArgs('warm-cli', true));
  await must('setup (warm-up, NODE_EXTRA_CA_CERTS)', process.execPath, setupArgs('warm-env', false), { env: extraCaEnv });
  await must('curl-flow.sh setup (warm-up)', 'bash', [script, 'setup'], { env: setupScript('warm-sh') });

  const kinds = ['cli', 'env', 'sh'];
  const samples = Object.fromEntries(kinds.flatMap((kind) => [[`setup-${kind}`, []], [`check-${kind}`, []]]));
  const breakdown = { 'setup-cli': [], 'setup-env': [], 'setup-sh': [], 'check-sh': [] };
  // Rotating order, so that a slower first, second or third slot affects every kind alike.
  const rotation = (index) => kinds.map((_, offset) => kinds[(index + offset) % kinds.length]);

  for (let index = 1; index <= setupRuns; index += 1) {
    checkDeadline(`setup run ${index}`);
    for (const kind of rotation(index)) {
      const name = `bench-${kind}-${index}`;
      const result =
        kind === 'sh'
          ? await must('curl-flow.sh setup', 'bash', [script, 'setup'], { env: setupScript(name) })
          : await must(`setup (${kind})`, process.execPath, setupArgs(name, kind === 'cli'), { env: kind === 'env' ? extraCaEnv : {} });
      samples[`setup-${kind}`].push(result.ms);
      breakdown[`setup-${kind}`].push(phases(result, kind === 'sh' ? scriptStep : cliStep));
    }
  }

  const serviceKey = join(folder, 'warm-cli', 'aicore-service-key.json');
  const checkCli = [cli, 'check', '--service-key', serviceKey, '--ca-file', caFile];
  const checkEnv = [cli, 'check', '--service-key', serviceKey];
  const checkScript = { SERVICE_KEY: serviceKey, CA_FILE: caFile, OUT_DIR: join(folder, 'check-sh') };
  const runCheck = (kind) => {
    if (kind === 'sh') return must('curl-flow.sh check', 'bash', [script, 'check'], { env: checkScript });
    return kind === 'cli' ? must('check', process.execPath, checkCli) : must('check (NODE_EXTRA_CA_CERTS)', process.execPath, checkEnv, { env: extraCaEnv });
  };
  for (let index = 0; index < 2; index += 1) for (const kind of kinds) await runCheck(kind);
  for (let index = 1; index <= checkRuns; index += 1) {
    checkDeadline(`check run ${index}`);
    for (const kind of rotation(index)) {
      const result = await runCheck(kind);
      samples[`check-${kind}`].push(result.ms);
      if (kind === 'sh') breakdown['check-sh'].push(phases(result, /^step \w+ ([\w-]+)/));
    }
  }

  // Where check's time goes: the hop timings it reports itself, and the bare start-up of the bundle.
  const hops = { cli: [], env: [] };
  const versions = [];
  const bare = [];
  for (let index = 0; index < 5; index += 1) {
    checkDeadline('the check hop timings');
    const withCaFile = JSON.parse((await must('check --json', process.execPath, [...checkCli, '--json'])).stdout);
    const withEnv = JSON.parse((await must('check --json (NODE_EXTRA_CA_CERTS)', process.execPath, [...checkEnv, '--json'], { env: extraCaEnv })).stdout);
    hops.cli.push(new Map(withCaFile.hops.map((hop) => [hop.name, hop.durationMs])));
    hops.env.push(new Map(withEnv.hops.map((hop) => [hop.name, hop.durationMs])));
    versions.push((await must('--version', process.execPath, [cli, '--version'])).ms);
    bare.push((await must('node -e 0', process.execPath, ['-e', '0'])).ms);
  }

  const rows = [
    ['setup', '--ca-file', 'cli', targets.setup, setupRuns],
    ['setup', 'NODE_EXTRA_CA_CERTS', 'env', targets.setup, setupRuns],
    ['check', '--ca-file', 'cli', targets.check, checkRuns],
    ['check', 'NODE_EXTRA_CA_CERTS', 'env', targets.check, checkRuns],
  ];
  console.log('');
  console.log(`Node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} CPUs; medians of interleaved runs against the sandbox on 127.0.0.1`);
  console.log('');
  console.log('command  sandbox CA via        runs   aicore-mtls    curl-flow.sh   ratio  target  result');
  for (const [name, trust, kind, target, runs] of rows) {
    const tool = median(samples[`${name}-${kind}`]);
    const shell = median(samples[`${name}-sh`]);
    const ratio = tool / shell;
    const verdict = ratio <= target ? 'met' : `missed by ${((ratio / target - 1) * 100).toFixed(0)}% (${format(tool - shell * target).trim()} over)`;
    console.log(`${name.padEnd(7)}  ${trust.padEnd(19)}  ${String(runs).padStart(4)}  ${format(tool)}  ${format(shell)}   ${ratio.toFixed(2)}x  ${target.toFixed(1)}x    ${verdict}`);
  }
  console.log('');
  console.log('setup phases (median ms): aicore-mtls by its [n/5] progress lines, curl-flow.sh by its step lines');
  console.log('                  --ca-file  NODE_EXTRA_CA_CERTS  curl-flow.sh');
  const phaseTables = ['setup-cli', 'setup-env', 'setup-sh'].map((key) => phaseMedians(breakdown[key]));
  for (const name of new Set(phaseTables.flatMap((table) => [...table.keys()]))) {
    console.log(`  ${name.padEnd(12)} ${phaseTables.map((table) => format(table.get(name) ?? 0)).join('    ')}`);
  }
  console.log('  (aicore-mtls "check" is the offline certificate check; its "artefacts" include the TLS probes of the roots.)');
  console.log('');
  console.log('check (median ms):                 --ca-file  NODE_EXTRA_CA_CERTS');
  console.log(`  whole run                      ${format(median(samples['check-cli']))}    ${format(median(samples['check-env']))}`);
  for (const name of ['token', 'resource-groups', 'scenarios']) {
    const hop = (kind) => format(median(hops[kind].map((entry) => entry.get(name) ?? 0)));
    console.log(`  hop ${name.padEnd(27)}${hop('cli')}    ${hop('env')}`);
  }
  console.log(`  aicore-mtls --version          ${format(median(versions))}   (start-up of the bundle)`);
  console.log(`  node -e 0                      ${format(median(bare))}`);
  console.log('check steps of curl-flow.sh (median ms):');
  for (const [name, value] of phaseMedians(breakdown['check-sh'])) console.log(`  ${name.padEnd(31)}${format(value)}`);
} finally {
  await stopSandboxProcess();
  await rm(folder, { recursive: true, force: true });
}
