import { credentialsFromObject } from '../../credentials/read.ts';
import { logDebug } from '../../diagnostics.ts';
import {
  createHttpClient,
  readJson,
  sendWithBearer,
  type BearerTokenSource,
  type HttpClient,
  type HttpMethod,
  type HttpResponse,
  type HttpSettings,
} from '../../http/index.ts';
import { ServiceManagerError } from './errors.ts';
import { waitForOperation } from './operations.ts';
import { equals, isIn } from './query.ts';
import { invalidResponse, serviceManagerFailure } from './response-errors.ts';
import type { CreateBindingRequest, ListQuery, Operation, PollSettings, ServiceBinding, ServiceInstance, ServiceOffering, ServicePlan } from './types.ts';

export interface ServiceManagerClientOptions {
  /** `sm_url` of the Service Manager binding. */
  smUrl: string;
  getAccessToken: BearerTokenSource;
  http?: HttpClient | HttpSettings;
  /** Defaults for operation polling. */
  poll?: PollSettings;
}

/** Most pages read by one list call. */
const maxPages = 200;

/** Client of the Service Manager API (`/v1/...`). Binding parameters and credentials are never logged. */
export class ServiceManagerClient {
  readonly #base: string;
  readonly #http: HttpClient;
  readonly #ownsHttp: boolean;
  readonly #token: BearerTokenSource;
  readonly #poll: PollSettings;

  constructor(options: ServiceManagerClientOptions) {
    this.#base = options.smUrl.replace(/\/+$/, '');
    const shared = options.http !== undefined && 'request' in options.http;
    this.#http = shared ? (options.http as HttpClient) : createHttpClient(options.http as HttpSettings | undefined);
    this.#ownsHttp = !shared;
    this.#token = options.getAccessToken;
    this.#poll = options.poll ?? {};
  }

  listOfferings(query: ListQuery = {}): Promise<ServiceOffering[]> {
    return this.#list<ServiceOffering>('/v1/service_offerings', query, 'service offerings');
  }

  listPlans(query: ListQuery = {}): Promise<ServicePlan[]> {
    return this.#list<ServicePlan>('/v1/service_plans', query, 'service plans');
  }

  listInstances(query: ListQuery = {}): Promise<ServiceInstance[]> {
    return this.#list<ServiceInstance>('/v1/service_instances', query, 'service instances');
  }

  listBindings(query: ListQuery = {}): Promise<ServiceBinding[]> {
    return this.#list<ServiceBinding>('/v1/service_bindings', query, 'service bindings');
  }

  /** Finds the one instance with this name (`fieldQuery=name eq '…'`). */
  async findInstanceByName(name: string): Promise<ServiceInstance> {
    const instances = await this.listInstances({ fieldQuery: equals('name', name) });
    return exactlyOne(instances, `service instance "${name}"`, 'Check the instance name in the BTP cockpit (Instances and Subscriptions).');
  }

  /**
   * Finds the one instance of an offering (`catalog_name`, e.g. `aicore`), optionally of one
   * plan: offering → plans → instances.
   */
  async findInstanceByOffering(catalogName: string, options: { planName?: string } = {}): Promise<ServiceInstance> {
    const offerings = await this.listOfferings({ fieldQuery: equals('catalog_name', catalogName) });
    if (offerings.length === 0) {
      throw new ServiceManagerError('ERR_SM_NOT_FOUND', `service offering "${catalogName}" is not available in this subaccount`, {
        fix: 'Check the entitlements of the subaccount.',
        details: { catalogName },
      });
    }
    let plans = await this.listPlans({ fieldQuery: isIn('service_offering_id', offerings.map((offering) => offering.id)) });
    if (options.planName !== undefined) plans = plans.filter((plan) => plan.catalog_name === options.planName || plan.name === options.planName);
    if (plans.length === 0) {
      throw new ServiceManagerError('ERR_SM_NOT_FOUND', `no plan${options.planName ? ` "${options.planName}"` : ''} of "${catalogName}" is available`, {
        details: { catalogName, planName: options.planName },
      });
    }
    const instances = await this.listInstances({ fieldQuery: isIn('service_plan_id', plans.map((plan) => plan.id)) });
    return exactlyOne(instances, `service instance of "${catalogName}"`, 'Name the instance to use.');
  }

  /**
   * Creates a binding. Asynchronous by default: follows the `Location` of the 202 response and
   * polls the operation, then reads the binding with its credentials. With `expectX509`, a
   * binding that came back with secret credentials fails with ERR_SM_BINDING_NOT_X509 (the
   * binding exists then; its id is in the error details).
   */
  async createBinding(request: CreateBindingRequest): Promise<ServiceBinding> {
    const body = {
      name: request.name,
      service_instance_id: request.serviceInstanceId,
      ...(request.parameters !== undefined ? { parameters: request.parameters } : {}),
      ...(request.labels !== undefined ? { labels: request.labels } : {}),
    };
    const url = `${this.#base}/v1/service_bindings${request.async === false ? '?async=false' : ''}`;
    const what = `creating binding "${request.name}"`;
    logDebug('service-manager', 'create binding', { name: request.name, serviceInstanceId: request.serviceInstanceId, async: request.async !== false });

    const response = await this.#send('POST', url, JSON.stringify(body));
    let binding: ServiceBinding;
    if (response.status === 201 || response.status === 200) {
      binding = parseBinding(readJson(response, what), response);
    } else if (response.status === 202) {
      const location = response.headers.location;
      if (!location) throw invalidResponse(response, `${what}: the 202 response has no Location header`);
      const operation = await this.waitForOperation(location, request.poll, what);
      const id = operation.resource_id || /\/v1\/service_bindings\/([^/]+)/.exec(location)?.[1];
      if (!id) throw new ServiceManagerError('ERR_SM_INVALID_RESPONSE', `${what}: the operation names no binding id`, { details: { location } });
      binding = await this.getBinding(id);
    } else {
      throw serviceManagerFailure(response, what, `binding "${request.name}"`);
    }

    if (request.expectX509) assertX509Binding(binding);
    return binding;
  }

  /** Polls an operation URL (absolute or relative to `sm_url`) until it ends. */
  waitForOperation(location: string, settings?: PollSettings, what?: string): Promise<Operation> {
    const url = new URL(location, `${this.#base}/`).href;
    return waitForOperation((address) => this.#send('GET', address), url, { ...this.#poll, ...settings }, what);
  }

  /** Reads a binding including its credentials. */
  async getBinding(id: string): Promise<ServiceBinding> {
    const response = await this.#send('GET', `${this.#base}/v1/service_bindings/${encodeURIComponent(id)}`);
    if (response.status !== 200) throw serviceManagerFailure(response, `reading binding ${id}`, `binding ${id}`);
    return parseBinding(readJson(response, `reading binding ${id}`), response);
  }

  /**
   * Deletes a binding, waiting for an asynchronous deletion to finish. 404 and 410 mean the
   * binding is already gone, which the result reports as `alreadyGone`.
   */
  async deleteBinding(id: string, options: { async?: boolean; poll?: PollSettings } = {}): Promise<{ deleted: boolean; alreadyGone: boolean }> {
    const url = `${this.#base}/v1/service_bindings/${encodeURIComponent(id)}${options.async === false ? '?async=false' : ''}`;
    const response = await this.#send('DELETE', url);
    if (response.status === 404 || response.status === 410) return { deleted: false, alreadyGone: true };
    if (response.status === 202) {
      const location = response.headers.location;
      if (!location) throw invalidResponse(response, `deleting binding ${id}: the 202 response has no Location header`);
      await this.waitForOperation(location, options.poll, `deleting binding ${id}`);
    } else if (response.status !== 200 && response.status !== 204) {
      throw serviceManagerFailure(response, `deleting binding ${id}`, `binding ${id}`);
    }
    logDebug('service-manager', 'deleted binding', { id, requestId: response.requestId });
    return { deleted: true, alreadyGone: false };
  }

  async close(): Promise<void> {
    if (this.#ownsHttp) await this.#http.close();
  }

  async #list<T>(path: string, query: ListQuery, what: string): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    for (let page = 1; page <= maxPages; page += 1) {
      const parameters = new URLSearchParams();
      if (query.fieldQuery) parameters.set('fieldQuery', query.fieldQuery);
      if (query.labelQuery) parameters.set('labelQuery', query.labelQuery);
      if (query.maxItems !== undefined) parameters.set('max_items', String(query.maxItems));
      if (token) parameters.set('token', token);
      const url = `${this.#base}${path}${parameters.size > 0 ? `?${parameters}` : ''}`;
      const response = await this.#send('GET', url);
      if (response.status !== 200) throw serviceManagerFailure(response, `listing ${what}`);
      const body = readJson(response, `listing ${what}`) as { items?: unknown; token?: unknown } | null;
      if (typeof body !== 'object' || body === null || !Array.isArray(body.items)) throw invalidResponse(response, `listing ${what}: the response has no "items" array`);
      items.push(...(body.items as T[]));
      token = typeof body.token === 'string' && body.token !== '' ? body.token : undefined;
      if (!token) return items;
    }
    throw new ServiceManagerError('ERR_SM_INVALID_RESPONSE', `listing ${what} did not end after ${maxPages} pages`);
  }

  #send(method: HttpMethod, url: string, body?: string): Promise<HttpResponse> {
    return sendWithBearer(this.#http, this.#token, {
      method,
      url,
      body,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    });
  }
}

/**
 * Checks that a binding carries x509 credentials (`credential-type` x509 or certificate
 * fields, and `certurl`). Parameters at the wrong level produce a secret binding without any
 * error from Service Manager, so this is checked after creation.
 */
export function assertX509Binding(binding: ServiceBinding): void {
  const credentials = binding.credentials;
  let ok = false;
  if (credentials) {
    try {
      ok = credentialsFromObject(credentials, `binding "${binding.name}"`).credentialType === 'x509' && typeof credentials.certurl === 'string';
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    throw new ServiceManagerError('ERR_SM_BINDING_NOT_X509', `binding "${binding.name}" (${binding.id}) was created with client-secret credentials, not x509`, {
      fix: 'The x509 parameters were probably at the wrong level: SAP AI Core and Destination read {"xsuaa":{"credential-type":"x509","x509":{…}}}. Delete this binding and create it again with the parameters under "xsuaa".',
      details: { bindingId: binding.id, bindingName: binding.name },
    });
  }
}

function parseBinding(body: unknown, response: HttpResponse): ServiceBinding {
  if (typeof body !== 'object' || body === null || typeof (body as { id?: unknown }).id !== 'string') {
    throw invalidResponse(response, 'the binding response has no "id"');
  }
  return body as ServiceBinding;
}

function exactlyOne<T extends { name: string; id: string }>(items: T[], what: string, fix: string): T {
  if (items.length === 1) return items[0]!;
  if (items.length === 0) throw new ServiceManagerError('ERR_SM_NOT_FOUND', `${what} was not found`, { fix });
  throw new ServiceManagerError('ERR_SM_AMBIGUOUS', `${items.length} matches for ${what}: ${items.map((item) => `${item.name} (${item.id})`).join(', ')}`, {
    fix,
    details: { matches: items.map((item) => ({ id: item.id, name: item.name })) },
  });
}
