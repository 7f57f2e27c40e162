import { randomUUID } from 'node:crypto';

import { logDebug } from '../../diagnostics.ts';
import type { SandboxCore } from '../core.ts';
import { BindingParameterError, resolveCredentialRequest, type CredentialRequest } from '../xsuaa/binding-parameters.ts';
import { prepareCredential, type PreparedCredential } from '../xsuaa/binding-credentials.ts';
import { ensureClient, findClient, removeBindingCredentials, type XsuaaCredential } from '../xsuaa/clients.ts';
import { serviceProfiles } from './catalog.ts';
import { renderCredentials } from './credentials-view.ts';
import type { ServiceInstance, StoredBinding, StoredOperation } from './model.ts';

/** Result of preparing a binding's credential: ready to activate, or the broker's error. */
export type Preparation = { ok: true; prepared: PreparedCredential; note: string } | { ok: false; description: string };

/**
 * Binding lifecycle on top of the XSUAA client registry: prepare credentials, run operations
 * from `in progress` to `succeeded` or `failed`, and render bindings as the API returns them.
 * An operation completes after `afterMs` of real time or at the `afterPolls`-th GET of the
 * operation, whichever comes first.
 */
export class BindingLifecycle {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly core: SandboxCore) {}

  get state() {
    return this.core.state.serviceManager;
  }

  instance(id: string): ServiceInstance | undefined {
    return this.state.instances.find((instance) => instance.id === id);
  }

  /** Validates parameters and prepares the credential; broker-side problems become a description. */
  async prepare(instance: ServiceInstance, bindingId: string, parameters: unknown): Promise<Preparation> {
    const profile = serviceProfiles[instance.kind];
    const client = ensureClient(this.core.state.xsuaa, {
      serviceInstanceId: instance.id,
      serviceXsappname: profile.xsappname,
      scopes: profile.scopes,
    });
    try {
      let request: CredentialRequest;
      if (instance.kind === 'service-manager') {
        // NOTE: the sandbox's own Service Manager instance issues client secrets only.
        const asked = (parameters as Record<string, unknown> | null | undefined)?.['credential-type'];
        if (asked !== undefined && asked !== 'binding-secret') {
          throw new BindingParameterError('the sandbox Service Manager instance supports client-secret bindings only');
        }
        request = { type: 'binding-secret', note: 'Service Manager binding: client secret' };
      } else {
        request = resolveCredentialRequest(parameters, {
          anchors: this.core.anchors.selfManaged,
          now: this.core.clock.now(),
          generatedValidityDays: this.core.settings.generatedValidityDays,
        });
      }
      const pending = this.pendingCredentials(client.clientId);
      const prepared = await prepareCredential(this.core, client, bindingId, request, pending);
      let note: string;
      if (request.type === 'binding-secret') note = request.note;
      else if (request.type === 'x509-generated') note = 'x509 binding with an XSUAA-generated certificate';
      else note = `x509 binding with a self-managed certificate (certificate-pinning ${request.pinning})`;
      return { ok: true, prepared, note };
    } catch (error) {
      if (error instanceof BindingParameterError) return { ok: false, description: `Service broker ${instance.kind} failed with: ${error.message}` };
      throw error;
    }
  }

  private pendingCredentials(clientId: string): XsuaaCredential[] {
    return this.state.operations
      .filter((operation) => operation.state === 'in progress' && operation.pendingCredential?.clientId === clientId)
      .map((operation) => operation.pendingCredential!.credential);
  }

  newOperation(type: StoredOperation['type'], bindingId: string): StoredOperation {
    const now = this.core.clock.now().toISOString();
    const operation: StoredOperation = {
      id: randomUUID(),
      type,
      state: 'in progress',
      resource_id: bindingId,
      resource_type: '/v1/service_bindings',
      description: '',
      errors: [],
      created_at: now,
      updated_at: now,
      startedRealMs: Date.now(),
      polls: 0,
    };
    this.state.operations.push(operation);
    return operation;
  }

  /** Starts the timer that completes an async operation after `afterMs`. */
  schedule(operation: StoredOperation): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.completeIfDue(operation);
    }, this.core.settings.operationCompletion.afterMs + 1);
    timer.unref();
    this.timers.add(timer);
  }

  /** Completes in-progress operations whose time is up; called before every request is served. */
  settleAll(): void {
    for (const operation of this.state.operations) this.completeIfDue(operation);
  }

  completeIfDue(operation: StoredOperation, polled = false): void {
    if (operation.state !== 'in progress') return;
    if (polled) operation.polls += 1;
    const { afterMs, afterPolls } = this.core.settings.operationCompletion;
    if (Date.now() - operation.startedRealMs >= afterMs || operation.polls >= afterPolls) this.complete(operation);
  }

  /** Finishes an operation: activates or drops the credential, or removes a deleted binding. */
  complete(operation: StoredOperation): void {
    const binding = this.state.bindings.find((candidate) => candidate.id === operation.resource_id);
    operation.updated_at = this.core.clock.now().toISOString();
    if (operation.type === 'create') {
      if (operation.failure !== undefined) {
        operation.state = 'failed';
        operation.errors = [operation.failure];
        operation.description = operation.failure.description;
        this.state.bindings = this.state.bindings.filter((candidate) => candidate.id !== operation.resource_id);
      } else {
        if (operation.pendingCredential !== undefined) {
          findClient(this.core.state.xsuaa, operation.pendingCredential.clientId)?.credentials.push(operation.pendingCredential.credential);
        }
        if (binding !== undefined) {
          binding.status = 'ready';
          binding.updated_at = operation.updated_at;
        }
        operation.state = 'succeeded';
        operation.description = 'binding created';
      }
      delete operation.pendingCredential;
      delete operation.failure;
    } else if (operation.type === 'delete') {
      this.state.bindings = this.state.bindings.filter((candidate) => candidate.id !== operation.resource_id);
      removeBindingCredentials(this.core.state.xsuaa, operation.resource_id);
      operation.state = 'succeeded';
      operation.description = 'binding deleted';
    } else {
      operation.state = 'succeeded';
    }
    logDebug('sandbox', 'service manager operation completed', { id: operation.id, type: operation.type, state: operation.state });
    this.core.markDirty();
  }

  lastOperation(binding: StoredBinding): StoredOperation | undefined {
    return this.state.operations.find((operation) => operation.id === binding.lastOperationId);
  }

  /** The binding as the API returns it; credentials only once it is ready. */
  view(binding: StoredBinding): Record<string, unknown> {
    const instance = this.instance(binding.service_instance_id);
    const operation = this.lastOperation(binding);
    const view: Record<string, unknown> = {
      id: binding.id,
      name: binding.name,
      service_instance_id: binding.service_instance_id,
      context: {
        platform: 'service-manager',
        subaccount_id: this.core.identity.subaccountId,
        zone_id: this.core.identity.zoneId,
        subdomain: this.core.identity.subdomain,
        instance_name: instance?.name,
        service_instance_id: binding.service_instance_id,
      },
      labels: binding.labels,
      ready: binding.status === 'ready',
      usable: binding.status === 'ready',
      created_at: binding.created_at,
      updated_at: binding.updated_at,
    };
    if (binding.status === 'ready' && binding.credentials !== undefined && instance !== undefined) {
      view['credentials'] = renderCredentials(this.core, instance, binding.credentials);
    }
    if (operation !== undefined) view['last_operation'] = operationView(operation);
    return view;
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** The operation as the API returns it (lower-case `type`, as smctl and the operator use). */
export function operationView(operation: StoredOperation): Record<string, unknown> {
  return {
    id: operation.id,
    type: operation.type,
    state: operation.state,
    description: operation.description,
    resource_id: operation.resource_id,
    resource_type: operation.resource_type,
    errors: operation.errors,
    created_at: operation.created_at,
    updated_at: operation.updated_at,
  };
}
