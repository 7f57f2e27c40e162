import { credentialsFromObject, type ServiceCredentials } from '../../src/credentials/index.ts';
import type { HttpSettings } from '../../src/http/index.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.ts';
import { TokenCache } from '../../src/xsuaa/index.ts';

/** A running sandbox plus what the clients need to talk to it. */
export interface SandboxSession {
  sandbox: Sandbox;
  /** Trusts the sandbox CA; ignores proxy variables of the machine; short retry delays. */
  http: HttpSettings;
  destinationCredentials: ServiceCredentials;
  serviceManagerCredentials: ServiceCredentials;
  /** A fresh token cache per session, so tokens of one sandbox never leak into another. */
  cache: TokenCache;
  /** Stops the sandbox. Register it with a top-level after(): an after() inside before() runs when that hook ends. */
  stop(): Promise<void>;
}

export async function startSandboxSession(options: SandboxOptions = {}): Promise<SandboxSession> {
  const sandbox = await startSandbox({ port: 0, operationCompletion: { afterPolls: 2 }, ...options });
  return {
    sandbox,
    http: {
      extraCaCertificates: [sandbox.caCertificatePem],
      environment: {},
      retry: { baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 3000 },
    },
    destinationCredentials: credentialsFromObject(sandbox.destinationServiceKey, 'sandbox Destination key', { service: 'destination' }),
    serviceManagerCredentials: credentialsFromObject(sandbox.serviceManagerKey, 'sandbox Service Manager key', { service: 'service-manager' }),
    cache: new TokenCache(),
    stop: () => sandbox.stop(),
  };
}
