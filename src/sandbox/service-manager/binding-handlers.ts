import { randomUUID } from 'node:crypto';

import type { SandboxCore } from '../core.ts';
import { accept, sendJson, type RequestContext } from '../http.ts';
import type { BindingLifecycle } from './bindings.ts';
import { operationView } from './bindings.ts';
import { smBadRequest, smError, smNotFound } from './errors.ts';
import { applyFieldQuery, applyLabelQuery } from './field-query.ts';
import type { StoredBinding } from './model.ts';
import { page } from './paging.ts';

const bindingFields = ['id', 'name', 'service_instance_id', 'ready', 'created_at', 'updated_at'];
const createFields = ['name', 'service_instance_id', 'parameters', 'labels', 'bind_resource'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseAsync(ctx: RequestContext): boolean {
  const value = ctx.url.searchParams.get('async');
  if (value === null) return true;
  if (value !== 'true' && value !== 'false') throw smBadRequest(`async must be true or false, got "${value}"`);
  return value === 'true';
}

function parseLabels(value: unknown): Record<string, string[]> {
  if (value === undefined) return {};
  if (!isObject(value)) throw smBadRequest('labels must be an object of string arrays, e.g. {"purpose":["islm"]}');
  for (const [key, values] of Object.entries(value)) {
    if (!Array.isArray(values) || !values.every((entry) => typeof entry === 'string')) throw smBadRequest(`label "${key}" must be an array of strings`);
  }
  return value as Record<string, string[]>;
}

/** `POST /v1/service_bindings[?async=false]`. */
export async function createBinding(core: SandboxCore, lifecycle: BindingLifecycle, ctx: RequestContext, body: unknown): Promise<void> {
  const asyncMode = parseAsync(ctx);
  if (!isObject(body)) throw smBadRequest('the body must be a JSON object');
  for (const key of Object.keys(body)) {
    if (!createFields.includes(key)) throw smBadRequest(`unknown field "${key}"; expected ${createFields.join(', ')}`);
  }
  const name = body['name'];
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) {
    throw smBadRequest('name must be 1–100 characters of letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  const instanceId = body['service_instance_id'];
  if (typeof instanceId !== 'string') throw smBadRequest('service_instance_id is required');
  const instance = lifecycle.instance(instanceId);
  if (instance === undefined) throw smNotFound('service_instance');
  const labels = parseLabels(body['labels']);
  if (lifecycle.state.bindings.some((binding) => binding.service_instance_id === instanceId && binding.name === name)) {
    throw smError(409, 'Conflict', `found conflicting service_binding: a binding named "${name}" already exists for instance ${instance.name}`);
  }

  const now = core.clock.now().toISOString();
  const binding: StoredBinding = {
    id: randomUUID(),
    name,
    service_instance_id: instanceId,
    labels,
    created_at: now,
    updated_at: now,
    status: 'creating',
  };
  const preparation = await lifecycle.prepare(instance, binding.id, body['parameters']);

  if (!asyncMode) {
    if (!preparation.ok) throw smBadRequest(preparation.description);
    const operation = lifecycle.newOperation('create', binding.id);
    binding.credentials = preparation.prepared.fields;
    binding.parametersNote = preparation.note;
    binding.lastOperationId = operation.id;
    lifecycle.state.bindings.push(binding);
    operation.pendingCredential = { clientId: preparation.prepared.fields.clientid, credential: preparation.prepared.credential };
    lifecycle.complete(operation);
    ctx.clientId = preparation.prepared.fields.clientid;
    accept(ctx, `binding ${binding.id} created synchronously: ${preparation.note}`);
    sendJson(ctx, 201, lifecycle.view(binding));
    return;
  }

  const operation = lifecycle.newOperation('create', binding.id);
  binding.lastOperationId = operation.id;
  if (preparation.ok) {
    binding.credentials = preparation.prepared.fields;
    binding.parametersNote = preparation.note;
    operation.pendingCredential = { clientId: preparation.prepared.fields.clientid, credential: preparation.prepared.credential };
  } else {
    operation.failure = { error: 'BadRequest', description: preparation.description };
  }
  lifecycle.state.bindings.push(binding);
  lifecycle.schedule(operation);
  core.markDirty();
  const location = `/v1/service_bindings/${binding.id}/operations/${operation.id}`;
  accept(ctx, preparation.ok ? `binding ${binding.id} accepted: ${preparation.note}` : `binding ${binding.id} accepted; its operation will fail: ${preparation.description}`);
  sendJson(ctx, 202, {}, { location });
}

export function getBinding(lifecycle: BindingLifecycle, ctx: RequestContext, id: string): void {
  const binding = findBinding(lifecycle, id);
  accept(ctx, `binding ${id} (${binding.status})`);
  sendJson(ctx, 200, lifecycle.view(binding));
}

export function listBindings(lifecycle: BindingLifecycle, ctx: RequestContext): void {
  const filtered = applyLabelQuery(
    applyFieldQuery(
      lifecycle.state.bindings.map((binding) => ({ ...binding, ready: binding.status === 'ready' })),
      ctx.url.searchParams.get('fieldQuery'),
      bindingFields,
    ),
    ctx.url.searchParams.get('labelQuery'),
  );
  const result = page(filtered, ctx.url.searchParams);
  accept(ctx, `listed ${result.items.length} of ${result.num_items} bindings`);
  sendJson(ctx, 200, { ...result, items: result.items.map((binding) => lifecycle.view(binding)) });
}

function findBinding(lifecycle: BindingLifecycle, id: string): StoredBinding {
  const binding = lifecycle.state.bindings.find((candidate) => candidate.id === id);
  if (binding === undefined) throw smNotFound('service_binding');
  return binding;
}

/** `DELETE /v1/service_bindings/{id}[?async=false]`: 202 + Location, or 200. */
export function deleteBinding(core: SandboxCore, lifecycle: BindingLifecycle, ctx: RequestContext, id: string): void {
  const asyncMode = parseAsync(ctx);
  const binding = findBinding(lifecycle, id);
  if (binding.status !== 'ready') {
    throw smError(422, 'ConcurrentOperationInProgress', `binding ${id} has an operation in progress (${binding.status}); retry when it finished`);
  }
  const operation = lifecycle.newOperation('delete', id);
  binding.lastOperationId = operation.id;
  if (!asyncMode) {
    lifecycle.complete(operation);
    accept(ctx, `binding ${id} deleted synchronously; its credentials no longer work`);
    sendJson(ctx, 200, {});
    return;
  }
  binding.status = 'deleting';
  lifecycle.schedule(operation);
  core.markDirty();
  accept(ctx, `binding ${id} deletion accepted`);
  sendJson(ctx, 202, {}, { location: `/v1/service_bindings/${id}/operations/${operation.id}` });
}

/** `PATCH /v1/service_bindings/{id}`: only `name` and `labels` can change. */
export function patchBinding(core: SandboxCore, lifecycle: BindingLifecycle, ctx: RequestContext, id: string, body: unknown): void {
  const binding = findBinding(lifecycle, id);
  if (!isObject(body)) throw smBadRequest('the body must be a JSON object');
  for (const key of Object.keys(body)) {
    if (key !== 'name' && key !== 'labels') throw smBadRequest(`only name and labels of a binding can be changed, not "${key}"`);
  }
  if (body['name'] !== undefined) {
    const name = body['name'];
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) throw smBadRequest('name must be 1–100 characters of letters, digits, ".", "_" or "-"');
    const clash = lifecycle.state.bindings.some((other) => other.id !== id && other.service_instance_id === binding.service_instance_id && other.name === name);
    if (clash) throw smError(409, 'Conflict', `found conflicting service_binding: a binding named "${name}" already exists`);
    binding.name = name;
  }
  if (body['labels'] !== undefined) applyLabelChanges(binding, body['labels']);
  binding.updated_at = core.clock.now().toISOString();
  core.markDirty();
  accept(ctx, `binding ${id} updated`);
  sendJson(ctx, 200, lifecycle.view(binding));
}

function applyLabelChanges(binding: StoredBinding, changes: unknown): void {
  if (!Array.isArray(changes)) throw smBadRequest('labels must be an array of {"op","key","values"}');
  for (const change of changes) {
    if (!isObject(change)) throw smBadRequest('each label change must be an object {"op","key","values"}');
    const { op, key, values } = change;
    if (typeof key !== 'string' || key === '') throw smBadRequest('label change: key must be a non-empty string');
    const list = values === undefined ? [] : values;
    if (!Array.isArray(list) || !list.every((value) => typeof value === 'string')) throw smBadRequest(`label change "${key}": values must be an array of strings`);
    const current = binding.labels[key] ?? [];
    switch (op) {
      case 'add':
      case 'add_values':
        binding.labels[key] = [...new Set([...current, ...(list as string[])])];
        break;
      case 'remove':
        delete binding.labels[key];
        break;
      case 'remove_values':
        binding.labels[key] = current.filter((value) => !(list as string[]).includes(value));
        if (binding.labels[key]!.length === 0) delete binding.labels[key];
        break;
      default:
        throw smBadRequest(`label change "${key}": op must be add, add_values, remove or remove_values, got ${JSON.stringify(op)}`);
    }
  }
}

/** `GET /v1/service_bindings/{id}/operations/{opId}`; each GET counts as a poll. */
export function getOperation(lifecycle: BindingLifecycle, ctx: RequestContext, id: string, operationId: string): void {
  const operation = lifecycle.state.operations.find((candidate) => candidate.id === operationId && candidate.resource_id === id);
  if (operation === undefined) throw smNotFound('operation');
  lifecycle.completeIfDue(operation, true);
  accept(ctx, `operation ${operationId} ${operation.state} (poll ${operation.polls})`);
  sendJson(ctx, 200, operationView(operation));
}
