import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { createServiceManagerClient, type ServiceManagerClient } from '../../src/btp/service-manager/index.ts';
import type { ClientCertificate, SandboxOptions } from '../../src/sandbox/index.ts';
import { startSandboxSession, type SandboxSession } from '../btp/sandbox-session.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

/** A sandbox with a Service Manager client and a folder for the files a doctor run reads. */
export interface DoctorSession extends SandboxSession {
  serviceManager: ServiceManagerClient;
  folder: string;
}

/** Starts a sandbox for doctor tests. Register `stop` with a top-level after(). */
export async function startDoctorSession(options: SandboxOptions = {}): Promise<DoctorSession> {
  const session = await startSandboxSession(options);
  const serviceManager = createServiceManagerClient({
    credentials: session.serviceManagerCredentials,
    http: session.http,
    cache: session.cache,
    poll: { initialDelayMs: 20, maxDelayMs: 100, timeoutMs: 20_000 },
  });
  const folder = await createTempDir('aicore-mtls-doctor-');
  return {
    ...session,
    serviceManager,
    folder,
    stop: async () => {
      await serviceManager.close();
      await session.stop();
    },
  };
}

/** Creates an SAP AI Core binding with the given parameters and returns its credentials. */
export async function bindAiCore(session: DoctorSession, name: string, parameters: Record<string, unknown>): Promise<Record<string, unknown>> {
  const binding = await session.serviceManager.createBinding({ name, serviceInstanceId: session.sandbox.aicoreInstanceId, parameters, async: false });
  return binding.credentials as Record<string, unknown>;
}

/** Binds a self-managed certificate chain (PEM) to SAP AI Core, under "xsuaa" as SAP AI Core expects. */
export async function bindCertificate(session: DoctorSession, name: string, chainPem: string, pinning: boolean): Promise<Record<string, unknown>> {
  return bindAiCore(session, name, { xsuaa: { 'credential-type': 'x509', x509: { certificate: chainPem, 'certificate-pinning': pinning } } });
}

/** Writes a file into the session folder and returns its path. */
export async function writeFixture(session: { folder: string }, name: string, content: string | Uint8Array | Record<string, unknown>): Promise<string> {
  const path = join(session.folder, name);
  await writeFile(path, typeof content === 'string' || content instanceof Uint8Array ? content : `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

/** Writes a client certificate (leaf, intermediate and root) and its key, and returns both paths. */
export async function writeIdentity(session: { folder: string }, name: string, certificate: ClientCertificate): Promise<{ cert: string; key: string }> {
  return {
    cert: await writeFixture(session, `${name}.pem`, certificate.chainPem + certificate.rootPem),
    key: await writeFixture(session, `${name}.key`, certificate.privateKeyPem),
  };
}
