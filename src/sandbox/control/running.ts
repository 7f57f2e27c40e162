import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { Agent, request } from 'undici';

import { AicoreMtlsError } from '../../errors.ts';
import { writeFileAtomic } from '../../fs/atomic-write.ts';
import { registerSecret } from '../../redact.ts';
import type { SandboxUrls } from '../identity.ts';
import { readJsonFile } from '../persistence.ts';
import type { SandboxFiles, SandboxPorts } from '../types.ts';
import { notRunningExitCode } from './defaults.ts';

export { defaultSandboxDir, notRunningExitCode } from './defaults.ts';
export const runningFileName = 'sandbox.json';
export const controlTokenFileName = 'control-token';

/** Content of `sandbox.json`, written by a running sandbox process and removed when it stops. */
export interface RunningSandbox {
  pid: number;
  startedAt: string;
  listen: string;
  ports: SandboxPorts;
  urls: SandboxUrls;
  files?: SandboxFiles;
  warnings: string[];
}

export class SandboxNotRunningError extends AicoreMtlsError {
  constructor(dir: string, detail: string) {
    super('ERR_SANDBOX_NOT_RUNNING', `no sandbox is running in "${dir}" (${detail})`, {
      fix: `Start one with "aicore-mtls sandbox start --dir ${dir}".`,
      details: { dir },
      exitCode: notRunningExitCode,
    });
  }
}

/** Creates a new control token and writes it with mode 0600. */
export async function writeControlToken(dir: string): Promise<string> {
  const token = randomBytes(32).toString('hex');
  registerSecret(token);
  await writeFileAtomic(join(dir, controlTokenFileName), `${token}\n`, { mode: 0o600, overwrite: true });
  return token;
}

export async function writeRunningFile(dir: string, running: RunningSandbox): Promise<void> {
  await writeFileAtomic(join(dir, runningFileName), `${JSON.stringify(running, null, 2)}\n`, { mode: 0o600, overwrite: true });
}

export async function removeRunningFile(dir: string): Promise<void> {
  await rm(join(dir, runningFileName), { force: true });
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads `sandbox.json`; undefined when it is missing or its process is gone. */
export async function readRunningFile(dir: string): Promise<RunningSandbox | undefined> {
  const running = await readJsonFile<RunningSandbox>(join(dir, runningFileName)).catch(() => undefined);
  if (running === undefined || typeof running.pid !== 'number' || !processAlive(running.pid)) return undefined;
  return running;
}

/**
 * Calls the control endpoint of the sandbox running in `dir`, trusting only the sandbox CA.
 * Throws SandboxNotRunningError when there is none, and an error with the endpoint's message
 * when it responds with an error.
 */
export async function controlRequest<T>(dir: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const running = await readRunningFile(dir);
  if (running === undefined) throw new SandboxNotRunningError(dir, `no live process in ${runningFileName}`);
  if (running.ports.control === undefined) throw new SandboxNotRunningError(dir, 'it has no control endpoint');
  const [token, ca] = await Promise.all([
    readFile(join(dir, controlTokenFileName), 'utf8').then((text) => {
      const token = text.trim();
      registerSecret(token);
      return token;
    }),
    readFile(join(dir, 'ca.pem'), 'utf8'),
  ]).catch((error: unknown) => {
    throw new SandboxNotRunningError(dir, `cannot read its control token or CA: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  });

  const agent = new Agent({ connect: { ca, servername: 'localhost' } });
  try {
    const response = await request(`https://127.0.0.1:${running.ports.control}${path}`, {
      method,
      dispatcher: agent,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const payload = (await response.body.json()) as Record<string, unknown>;
    if (response.statusCode !== 200) {
      throw new AicoreMtlsError('ERR_SANDBOX_CONTROL', `the sandbox control endpoint rejected ${method} ${path}: ${String(payload['error'])}`, {
        fix: typeof payload['fix'] === 'string' ? payload['fix'] : 'Check the command arguments.',
        details: { status: response.statusCode },
      });
    }
    return payload as T;
  } catch (error) {
    if (error instanceof AicoreMtlsError) throw error;
    throw new SandboxNotRunningError(dir, `its control endpoint did not respond: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  } finally {
    await agent.close();
  }
}
