import { after } from 'node:test';

import { credentialsFromObject } from '../../src/credentials/index.ts';
import { fixedPassword } from '../../src/password.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.ts';
import type { SetupEvent, SetupOptions } from '../../src/setup/index.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

export const certificatePassword = 'correct-horse-battery-staple-7';

/** Starts a sandbox that stops when the test file ends. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ port: 0, operationCompletion: { afterPolls: 1 }, ...options });
  after(() => sandbox.stop());
  return sandbox;
}

/** Setup options for a sandbox, writing to a fresh folder; `events` collects progress. */
export async function sandboxSetupOptions(sandbox: Sandbox, overrides: Partial<SetupOptions> = {}): Promise<SetupOptions & { events: SetupEvent[] }> {
  const events: SetupEvent[] = [];
  return {
    destination: credentialsFromObject(sandbox.destinationServiceKey, 'sandbox Destination key', { service: 'destination' }),
    serviceManager: credentialsFromObject(sandbox.serviceManagerKey, 'sandbox Service Manager key', { service: 'service-manager' }),
    instanceName: sandbox.aicoreInstanceName,
    certificateName: 'islm-mtls.pem',
    mode: 'generate',
    validity: { TimeUnit: 'YEARS', Value: 1 },
    autoRenew: true,
    pinning: false,
    resourceGroup: 'default',
    passwords: fixedPassword(certificatePassword),
    passwordSource: { kind: 'env', name: 'TEST_PASSWORD' },
    http: { extraCaCertificates: [sandbox.caCertificatePem], environment: {}, retry: { baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 3000 } },
    outDir: await createTempDir('aicore-mtls-setup-'),
    onEvent: (event) => events.push(event),
    events,
    ...overrides,
  };
}
