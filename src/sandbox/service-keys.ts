import { randomUUID } from 'node:crypto';

import type { SandboxCore } from './core.ts';
import type { BindingLifecycle } from './service-manager/bindings.ts';
import { instanceOfKind } from './service-manager/catalog.ts';
import { renderCredentials } from './service-manager/credentials-view.ts';
import type { InstanceKind } from './service-manager/model.ts';

/** Names of the client-secret service keys a fresh sandbox creates. */
const keyNames: Record<'destination' | 'service-manager', string> = {
  destination: 'sandbox-destination-key',
  'service-manager': 'sandbox-service-manager-key',
};

/**
 * Creates the Destination and Service Manager service keys (client-secret bindings) unless
 * they exist, so a sandbox whose key was deleted through the API gets a new one on restart.
 */
export async function provisionServiceKeys(lifecycle: BindingLifecycle): Promise<void> {
  for (const kind of Object.keys(keyNames) as Array<keyof typeof keyNames>) {
    const instance = instanceOfKind(lifecycle.state, kind);
    const exists = lifecycle.state.bindings.some((binding) => binding.service_instance_id === instance.id && binding.name === keyNames[kind]);
    if (exists) continue;
    const id = randomUUID();
    const preparation = await lifecycle.prepare(instance, id, undefined);
    if (!preparation.ok) throw new Error(`cannot provision the ${kind} service key: ${preparation.description}`);
    const operation = lifecycle.newOperation('create', id);
    operation.pendingCredential = { clientId: preparation.prepared.fields.clientid, credential: preparation.prepared.credential };
    lifecycle.state.bindings.push({
      id,
      name: keyNames[kind],
      service_instance_id: instance.id,
      labels: { purpose: ['aicore-mtls-sandbox'] },
      created_at: operation.created_at,
      updated_at: operation.created_at,
      status: 'creating',
      credentials: preparation.prepared.fields,
      lastOperationId: operation.id,
      parametersNote: preparation.note,
    });
    lifecycle.complete(operation);
  }
}

/** Renders the credentials of a provisioned service key with the current URLs. */
export function renderServiceKey(core: SandboxCore, lifecycle: BindingLifecycle, kind: keyof typeof keyNames): Record<string, unknown> {
  const instance = instanceOfKind(lifecycle.state, kind as InstanceKind);
  const binding = lifecycle.state.bindings.find((candidate) => candidate.service_instance_id === instance.id && candidate.name === keyNames[kind]);
  if (binding?.credentials === undefined) throw new Error(`the sandbox state has no ${kind} service key "${keyNames[kind]}"`);
  return renderCredentials(core, instance, binding.credentials);
}
