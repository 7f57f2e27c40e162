import { X509Certificate } from 'node:crypto';

import { buildBindingParameters, type BindingParameters } from '../binding/index.ts';
import {
  createServiceManagerClient,
  equals,
  ServiceManagerError,
  type ServiceBinding,
  type ServiceManagerClient,
} from '../btp/service-manager/index.ts';
import { credentialsFromObject, type ServiceCredentials } from '../credentials/index.ts';
import { AicoreMtlsError } from '../errors.ts';
import type { ObtainedCertificate } from './certificate-step.ts';
import type { SetupContext } from './context.ts';
import { defaultBindingName } from './options.ts';

export interface EnsuredBinding {
  binding: ServiceBinding;
  credentials: ServiceCredentials;
  parameters: BindingParameters;
}

/** How long a binding may stay "in progress" before the setup gives up waiting. */
const readyTimeoutMs = 5 * 60_000;

/**
 * Step 3: makes sure an SAP AI Core binding with x509 credentials for the client certificate
 * exists, creating it through Service Manager when needed.
 *
 * A re-run finds the binding by its recorded id or by name and reuses it. Service Manager
 * creates a client-secret binding without complaint when x509 parameters sit at the wrong
 * level, so the returned credentials are checked, and such a binding is deleted again.
 */
export async function ensureBinding(context: SetupContext, obtained: ObtainedCertificate): Promise<EnsuredBinding> {
  const { options, state } = context;
  const name = options.bindingName ?? defaultBindingName(options.certificateName);
  const parameters = buildBindingParameters({
    certificates: obtained.certificates.map((certificate) => certificate.der),
    service: 'aicore',
    pinning: options.pinning,
  });

  const client = createServiceManagerClient({ credentials: options.serviceManager, http: options.http, cache: context.tokenCache });
  try {
    const instanceId = state.binding?.instanceId ?? state.instanceId ?? (await client.findInstanceByName(options.instanceName)).id;
    context.checkAborted();

    let binding = await findExisting(client, context, name, instanceId);
    if (binding) {
      binding = await waitUntilReady(client, binding, context);
      assertReusable(binding, obtained, context);
      context.emit('binding', 'reused', `binding "${name}" (${binding.id}) already exists with this certificate`);
    } else {
      state.binding = { name, instanceId, status: 'requested' };
      await context.save();
      binding = await createX509Binding(client, { name, instanceId, parameters: parameters as unknown as Record<string, unknown> });
      context.emit('binding', 'done', `created binding "${name}" (${binding.id}) with x509 credentials, certificate-pinning ${options.pinning}`);
    }

    const credentials = credentialsFromObject(binding.credentials ?? {}, `credentials of binding "${name}"`, { service: 'aicore' });
    if (credentials.credentialType !== 'x509' || !credentials.certurl) {
      throw new AicoreMtlsError('ERR_SETUP_BINDING_NOT_X509', `binding "${name}" has no x509 credentials with a certurl`, {
        fix: 'Delete the binding in the BTP cockpit and run setup again.',
        details: { bindingId: binding.id },
      });
    }
    state.binding = { name, instanceId, id: binding.id, status: 'created' };
    await context.save();
    return { binding, credentials, parameters };
  } finally {
    await client.close();
  }
}

/** Looks up the SAP AI Core instance by name through Service Manager. */
export async function findInstanceId(context: SetupContext): Promise<string> {
  const { options } = context;
  const client = createServiceManagerClient({ credentials: options.serviceManager, http: options.http, cache: context.tokenCache });
  try {
    const instance = await client.findInstanceByName(options.instanceName);
    context.emit('binding', 'done', `SAP AI Core instance "${options.instanceName}" found (${instance.id})`);
    return instance.id;
  } finally {
    await client.close();
  }
}

/**
 * Creates the binding and asserts x509 credentials. A binding that came back with secret
 * credentials is deleted at once, so no unusable binding stays behind.
 */
export async function createX509Binding(
  client: ServiceManagerClient,
  request: { name: string; instanceId: string; parameters: Record<string, unknown> },
): Promise<ServiceBinding> {
  try {
    return await client.createBinding({
      name: request.name,
      serviceInstanceId: request.instanceId,
      parameters: request.parameters,
      labels: { 'created-by': ['aicore-mtls'] },
      expectX509: true,
    });
  } catch (error) {
    if (error instanceof ServiceManagerError && error.code === 'ERR_SM_OPERATION_FAILED' && /certificate/i.test(error.message)) {
      throw certificateRejected(error, request.name);
    }
    if (!(error instanceof ServiceManagerError) || error.code !== 'ERR_SM_BINDING_NOT_X509') throw error;
    const bindingId = String(error.details.bindingId ?? '');
    const removal = bindingId ? await client.deleteBinding(bindingId).then(() => 'was deleted again', () => 'could not be deleted; delete it in the BTP cockpit') : 'has no id to delete';
    throw new AicoreMtlsError('ERR_SETUP_BINDING_NOT_X509', `Service Manager created binding "${request.name}" with client-secret credentials instead of x509; the binding ${removal}`, {
      fix: 'SAP AI Core reads x509 parameters only under "xsuaa": {"xsuaa":{"credential-type":"x509","x509":{…}}}. Check the parameters (aicore-mtls binding params writes them correctly) and that the instance accepts x509 bindings.',
      details: { bindingId, bindingName: request.name },
      cause: error,
    });
  }
}

/**
 * Wraps a failed creation whose reason concerns the certificate (untrusted CA, expiry, already
 * bound). The fix lists the CAs XSUAA accepts, which the broker's reason leaves out.
 */
function certificateRejected(error: ServiceManagerError, name: string): AicoreMtlsError {
  const reason = error.message.replace(/^creating binding "[^"]*" failed: /, '');
  return new AicoreMtlsError('ERR_SETUP_BINDING_REJECTED', `Service Manager did not create binding "${name}" because it rejected the client certificate: ${reason}`, {
    fix:
      'For an untrusted CA: XSUAA accepts self-managed certificates that chain to DigiCert Global Root G2, SAP Global Root CA, DigiCert Global Root CA, DigiCert SHA2 Secure Server CA or Entrust Root Certification Authority – G2, and the SAP Cloud Root CA of Destination-generated certificates, so generate the certificate in the Destination service (drop --existing) or import one from such a CA with its whole chain. A certificate already bound on this instance needs its existing binding, or that binding deleted. If the failed binding is still listed in the BTP cockpit, delete it before the re-run.',
    details: { bindingName: name, ...error.details },
    cause: error,
  });
}

async function findExisting(client: ServiceManagerClient, context: SetupContext, name: string, instanceId: string): Promise<ServiceBinding | undefined> {
  const recordedId = context.state.binding?.id;
  if (recordedId) {
    try {
      return await client.getBinding(recordedId);
    } catch (error) {
      if (!(error instanceof ServiceManagerError) || error.code !== 'ERR_SM_NOT_FOUND') throw error;
      context.emit('binding', 'warning', `binding ${recordedId} recorded by an earlier run no longer exists; creating it again`);
    }
  }
  const matches = await client.listBindings({ fieldQuery: `${equals('name', name)} and ${equals('service_instance_id', instanceId)}` });
  if (matches[0] && !matches[0].credentials) return client.getBinding(matches[0].id);
  return matches[0];
}

async function waitUntilReady(client: ServiceManagerClient, binding: ServiceBinding, context: SetupContext): Promise<ServiceBinding> {
  const deadline = Date.now() + readyTimeoutMs;
  let current = binding;
  let delay = 500;
  while (inProgress(current)) {
    if (Date.now() > deadline) {
      throw new AicoreMtlsError('ERR_SETUP_BINDING_TIMEOUT', `binding "${binding.name}" is still being created after ${readyTimeoutMs / 60_000} minutes`, {
        fix: 'Check the binding in the BTP cockpit, then run setup again.',
      });
    }
    context.checkAborted();
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 10_000);
    current = await client.getBinding(binding.id);
  }
  if (lastOperationState(current) === 'failed') {
    throw new AicoreMtlsError('ERR_SETUP_BINDING_FAILED', `the creation of binding "${binding.name}" (${binding.id}) failed in Service Manager`, {
      fix: 'Delete the failed binding in the BTP cockpit and run setup again.',
      details: { bindingId: binding.id },
    });
  }
  return current;
}

function assertReusable(binding: ServiceBinding, obtained: ObtainedCertificate, context: SetupContext): void {
  const ours = context.state.binding?.id === binding.id || context.state.binding?.status === 'requested';
  let credentials: ServiceCredentials | undefined;
  try {
    credentials = credentialsFromObject(binding.credentials ?? {}, `binding "${binding.name}"`, { service: 'aicore' });
  } catch {
    credentials = undefined;
  }
  if (!credentials || credentials.credentialType !== 'x509') {
    throw new AicoreMtlsError('ERR_SETUP_BINDING_EXISTS', `a binding named "${binding.name}" (${binding.id}) exists with client-secret credentials`, {
      fix: ours
        ? 'This binding was created by an earlier run but has no x509 credentials. Delete it in the BTP cockpit and run setup again.'
        : 'Choose another name with --binding-name, or delete that binding if it is no longer used.',
      details: { bindingId: binding.id },
    });
  }
  const presented = credentials.certificate ? leafDer(credentials.certificate) : undefined;
  const expected = obtained.certificates[0]!.der;
  if (presented && !Buffer.from(presented).equals(Buffer.from(expected))) {
    throw new AicoreMtlsError('ERR_SETUP_BINDING_EXISTS', `binding "${binding.name}" (${binding.id}) exists with another certificate`, {
      fix: 'Choose another name with --binding-name, or delete that binding if it is no longer used.',
      details: { bindingId: binding.id },
    });
  }
  if (!presented && !ours) {
    throw new AicoreMtlsError('ERR_SETUP_BINDING_EXISTS', `binding "${binding.name}" (${binding.id}) exists and hides its certificate, so it cannot be matched to this one`, {
      fix: 'Choose another name with --binding-name.',
      details: { bindingId: binding.id },
    });
  }
}

function leafDer(pem: string): Buffer | undefined {
  try {
    return new X509Certificate(pem).raw;
  } catch {
    return undefined;
  }
}

function lastOperationState(binding: ServiceBinding): string | undefined {
  const operation = binding.last_operation as { state?: unknown } | undefined;
  return typeof operation?.state === 'string' ? operation.state.toLowerCase() : undefined;
}

function inProgress(binding: ServiceBinding): boolean {
  const state = lastOperationState(binding);
  return state === 'in progress' || state === 'pending' || (binding.ready === false && state !== 'failed' && state !== 'succeeded');
}
