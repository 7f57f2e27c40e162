import { createDestinationClient } from '../../src/btp/destination/index.ts';
import { createServiceManagerClient, equals, type ServiceBinding } from '../../src/btp/service-manager/index.ts';
import { credentialsFromObject } from '../../src/credentials/index.ts';
import type { HttpSettings } from '../../src/http/index.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { parseFaultSpec } from '../../src/sandbox/index.ts';

/** Returns HTTP settings that trust the sandbox CA, ignore the machine's proxy variables and retry fast. */
export function sandboxHttp(sandbox: Sandbox): HttpSettings {
  return { extraCaCertificates: [sandbox.caCertificatePem], environment: {}, retry: { baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 3000 } };
}

/** Lists the subaccount certificates named `name` through the Destination API: none, one, or duplicates. */
export async function destinationCertificateNames(sandbox: Sandbox, name: string): Promise<string[]> {
  const client = createDestinationClient({
    credentials: credentialsFromObject(sandbox.destinationServiceKey, 'sandbox Destination key', { service: 'destination' }),
    http: sandboxHttp(sandbox),
    cache: false,
  });
  try {
    const all = await client.list({ namesOnly: true });
    return all.map((entry) => entry.name).filter((entry) => entry === name);
  } finally {
    await client.close();
  }
}

/** Lists the bindings of the sandbox AI Core instance named `name` through Service Manager. */
export async function bindingsNamed(sandbox: Sandbox, name: string): Promise<ServiceBinding[]> {
  const client = createServiceManagerClient({
    credentials: credentialsFromObject(sandbox.serviceManagerKey, 'sandbox Service Manager key', { service: 'service-manager' }),
    http: sandboxHttp(sandbox),
    cache: false,
  });
  try {
    return await client.listBindings({ fieldQuery: `${equals('name', name)} and ${equals('service_instance_id', sandbox.aicoreInstanceId)}` });
  } finally {
    await client.close();
  }
}

/** Counts the bindings of the sandbox AI Core instance, whatever their name. */
export async function bindingCount(sandbox: Sandbox): Promise<number> {
  const client = createServiceManagerClient({
    credentials: credentialsFromObject(sandbox.serviceManagerKey, 'sandbox Service Manager key', { service: 'service-manager' }),
    http: sandboxHttp(sandbox),
    cache: false,
  });
  try {
    return (await client.listBindings({ fieldQuery: equals('service_instance_id', sandbox.aicoreInstanceId) })).length;
  } finally {
    await client.close();
  }
}

/** Adds a fault in the SPEC syntax of `sandbox fault add`, e.g. `service-manager:POST /v1/service_bindings=500`. */
export function addFault(sandbox: Sandbox, spec: string): void {
  sandbox.faults.add(parseFaultSpec(spec));
}
