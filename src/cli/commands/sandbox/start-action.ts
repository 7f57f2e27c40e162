import { spawn } from 'node:child_process';
import { mkdir, open, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import { AicoreMtlsError, UsageError } from '../../../errors.ts';
import {
  readRunningFile,
  removeRunningFile,
  runningFileName,
  writeControlToken,
  writeRunningFile,
  type RunningSandbox,
} from '../../../sandbox/control/running.ts';
import { parseFaultSpec } from '../../../sandbox/faults.ts';
import type { Output } from '../../output.ts';
import type { StartOptions } from './start.ts';

const readyTimeoutMs = 60_000;

export async function runStart(options: StartOptions, output: Output): Promise<number> {
  const dir = resolve(options.dir);
  const port = parsePort(options.port);
  const faults = options.fault.map((spec) => parseFaultSpec(spec));

  const running = await readRunningFile(dir);
  if (running !== undefined) {
    throw new AicoreMtlsError('ERR_SANDBOX_RUNNING', `a sandbox is already running in "${dir}" (pid ${running.pid})`, {
      fix: `Use it, or stop it first with "aicore-mtls sandbox stop --dir ${options.dir}".`,
      details: { dir, pid: running.pid },
    });
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await removeRunningFile(dir);

  if (options.foreground) return runForeground(dir, port, options.listen, faults, output);
  const started = await startBackground(dir, options, output);
  report(started, output, 'started in the background');
  return 0;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_530) {
    throw new UsageError(`invalid --port "${text}"; expected 0 (free ports) or a first port up to 65530`, {
      fix: 'The sandbox uses six consecutive ports starting at --port.',
    });
  }
  return port;
}

async function runForeground(dir: string, port: number, listen: string, faults: ReturnType<typeof parseFaultSpec>[], output: Output): Promise<number> {
  const { startSandbox } = await import('../../../sandbox/index.ts');
  const token = await writeControlToken(dir);
  let stopRequested: () => void = () => undefined;
  const stopped = new Promise<void>((resolveStop) => (stopRequested = resolveStop));

  const sandbox = await startSandbox({ dir, port, listen, faults, control: { token, onStop: () => stopRequested() } });
  const running: RunningSandbox = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    listen,
    ports: sandbox.ports,
    urls: sandbox.urls,
    files: sandbox.files,
    warnings: sandbox.warnings,
  };
  await writeRunningFile(dir, running);
  report(running, output, 'running in the foreground; press Ctrl+C to stop');

  const onSignal = () => stopRequested();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await stopped;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  await sandbox.stop();
  await removeRunningFile(dir);
  output.info('sandbox stopped');
  return 0;
}

/**
 * Starts `sandbox start --foreground` as a detached process with its output in
 * `sandbox.out.log`, and waits until it has written `sandbox.json` or exited.
 */
async function startBackground(dir: string, options: StartOptions, output: Output): Promise<RunningSandbox> {
  const script = process.argv[1];
  if (script === undefined) throw new AicoreMtlsError('ERR_SANDBOX_START', 'cannot tell which script runs aicore-mtls, so the background process cannot be started', { fix: 'Run "aicore-mtls sandbox start --foreground" instead.' });
  const logFile = resolve(dir, 'sandbox.out.log');
  const log = await open(logFile, 'a', 0o600);
  const args = [...process.execArgv, script, 'sandbox', 'start', '--foreground', '--dir', dir, '--port', options.port, '--listen', options.listen];
  for (const fault of options.fault) args.push('--fault', fault);

  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log.fd, log.fd], env: process.env });
  await log.close();
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  child.unref();
  output.info(`starting the sandbox (pid ${child.pid}); its output goes to ${logFile}`);

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    const running = await readRunningFile(dir);
    if (running !== undefined && running.pid === child.pid) return running;
    if (exitCode !== undefined) {
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-5).join('\n');
      throw new AicoreMtlsError('ERR_SANDBOX_START', `the sandbox process exited with code ${String(exitCode)} before it was ready:\n${tail}`, {
        fix: `Read ${logFile}, or run "aicore-mtls sandbox start --foreground" to see the error directly.`,
      });
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new AicoreMtlsError('ERR_SANDBOX_START', `the sandbox did not write ${runningFileName} within ${readyTimeoutMs / 1000} s`, {
    fix: `Read ${logFile}; the process (pid ${child.pid}) may still be starting.`,
  });
}

function report(running: RunningSandbox, output: Output, state: string): void {
  for (const warning of running.warnings) output.warn(`WARNING: ${warning}`);
  const files = running.files;
  output.result({ ok: true, pid: running.pid, listen: running.listen, ports: running.ports, urls: running.urls, files });
  output.text(
    [
      `sandbox ${state} (pid ${running.pid})`,
      `  XSUAA url        ${running.urls.uaa}`,
      `  XSUAA certurl    ${running.urls.uaaCert}`,
      `  Destination      ${running.urls.destination}`,
      `  Service Manager  ${running.urls.serviceManager}`,
      `  AI API           ${running.urls.aiApi}`,
      ...(files === undefined
        ? []
        : [
            `  CA certificate   ${files.caCertificate}   (NODE_EXTRA_CA_CERTS, curl --cacert)`,
            `  Destination key  ${files.destinationServiceKey}`,
            `  SM key           ${files.serviceManagerKey}`,
            `  AI Core instance ${files.aicoreInstance}`,
            `  Request log      ${files.requestLog}`,
          ]),
    ].join('\n'),
  );
}
