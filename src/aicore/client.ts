import { logDebug } from '../diagnostics.ts';
import { createHttpClient, readJson, responseContext, sendWithBearer, type BearerTokenSource, type HttpClient, type HttpResponse, type HttpSettings } from '../http/index.ts';
import { AiCoreError } from './errors.ts';
import { aiCoreFailure } from './response-errors.ts';
import type { AiCoreMeta, ResourceGroup, ResourceList, Scenario } from './types.ts';

export interface AiCoreClientOptions {
  /** `serviceurls.AI_API_URL` of the AI Core binding; a trailing `/v2` is accepted. */
  apiUrl: string;
  getAccessToken: BearerTokenSource;
  /** Resource group sent as `AI-Resource-Group` when a call names none; `default` by default. */
  resourceGroup?: string;
  http?: HttpClient | HttpSettings;
}

/** Resource group ids as the AI Core API defines them: 3–253 characters. */
const resourceGroupPattern = /^[a-zA-Z0-9][a-zA-Z0-9.-]{1,251}[a-zA-Z0-9]$/;

/** Client of the SAP AI Core API calls used to check a connection. */
export class AiCoreClient {
  readonly resourceGroup: string;
  readonly #base: string;
  readonly #http: HttpClient;
  readonly #ownsHttp: boolean;
  readonly #token: BearerTokenSource;

  constructor(options: AiCoreClientOptions) {
    this.#base = `${options.apiUrl.replace(/\/+$/, '').replace(/\/v2$/, '')}/v2`;
    this.resourceGroup = checkResourceGroup(options.resourceGroup ?? 'default');
    const shared = options.http !== undefined && 'request' in options.http;
    this.#http = shared ? (options.http as HttpClient) : createHttpClient(options.http as HttpSettings | undefined);
    this.#ownsHttp = !shared;
    this.#token = options.getAccessToken;
  }

  /** `GET /v2/admin/resourceGroups`. */
  async listResourceGroups(options: { top?: number; skip?: number; labelSelector?: string[] } = {}): Promise<ResourceList<ResourceGroup>> {
    const query = new URLSearchParams();
    if (options.top !== undefined) query.set('$top', String(options.top));
    if (options.skip !== undefined) query.set('$skip', String(options.skip));
    for (const selector of options.labelSelector ?? []) query.append('labelSelector', selector);
    const action = 'listing the resource groups';
    const response = await this.#get(`/admin/resourceGroups${query.size > 0 ? `?${query}` : ''}`);
    if (response.status !== 200) throw aiCoreFailure(response, { action });
    return parseList<ResourceGroup>(response, action, 'resourceGroupId');
  }

  /** `GET /v2/admin/resourceGroups/{id}`; an unknown id is ERR_AICORE_RESOURCE_GROUP_NOT_FOUND. */
  async getResourceGroup(id: string = this.resourceGroup): Promise<ResourceGroup> {
    checkResourceGroup(id);
    const action = `reading resource group "${id}"`;
    const response = await this.#get(`/admin/resourceGroups/${encodeURIComponent(id)}`);
    if (response.status === 404) throw aiCoreFailure(response, { action, resourceGroup: id });
    if (response.status !== 200) throw aiCoreFailure(response, { action });
    const body = readJson(response, action);
    if (typeof body !== 'object' || body === null || typeof (body as { resourceGroupId?: unknown }).resourceGroupId !== 'string') {
      throw invalid(response, `${action}: the response has no "resourceGroupId"`);
    }
    return body as ResourceGroup;
  }

  /** `GET /v2/lm/scenarios` with `AI-Resource-Group`. */
  async listScenarios(options: { resourceGroup?: string } = {}): Promise<ResourceList<Scenario>> {
    const group = checkResourceGroup(options.resourceGroup ?? this.resourceGroup);
    const action = `listing the scenarios of resource group "${group}"`;
    const response = await this.#get('/lm/scenarios', group);
    if (response.status !== 200) throw aiCoreFailure(response, { action, resourceGroup: group });
    return parseList<Scenario>(response, action, 'id');
  }

  /** `GET /v2/lm/meta`: API version and capabilities. */
  async getMeta(): Promise<AiCoreMeta> {
    const action = 'reading the AI API metadata';
    const response = await this.#get('/lm/meta');
    if (response.status !== 200) throw aiCoreFailure(response, { action });
    const body = readJson(response, action);
    if (typeof body !== 'object' || body === null || typeof (body as { aiApi?: unknown }).aiApi !== 'object') {
      throw invalid(response, `${action}: the response has no "aiApi"`);
    }
    return body as AiCoreMeta;
  }

  async close(): Promise<void> {
    if (this.#ownsHttp) await this.#http.close();
  }

  async #get(path: string, resourceGroup?: string): Promise<HttpResponse> {
    const response = await sendWithBearer(this.#http, this.#token, {
      method: 'GET',
      url: `${this.#base}${path}`,
      headers: resourceGroup ? { 'ai-resource-group': resourceGroup } : {},
    });
    logDebug('aicore', 'response', { path, status: response.status, resourceGroup, requestId: response.requestId });
    return response;
  }
}

function parseList<T>(response: HttpResponse, action: string, idField: string): ResourceList<T> {
  const body = readJson(response, action) as { count?: unknown; resources?: unknown } | null;
  if (typeof body !== 'object' || body === null || !Array.isArray(body.resources)) throw invalid(response, `${action}: the response has no "resources" array`);
  for (const [index, item] of body.resources.entries()) {
    if (typeof item !== 'object' || item === null || typeof (item as Record<string, unknown>)[idField] !== 'string') {
      throw invalid(response, `${action}: entry ${index + 1} has no "${idField}"`);
    }
  }
  return { count: typeof body.count === 'number' ? body.count : body.resources.length, resources: body.resources as T[] };
}

function checkResourceGroup(id: string): string {
  if (!resourceGroupPattern.test(id)) {
    throw new AiCoreError('ERR_AICORE_INVALID_ARGUMENT', `invalid resource group id "${id}"`, {
      fix: 'Resource group ids are 3 to 253 letters, digits, dots and hyphens, starting and ending with a letter or digit.',
    });
  }
  return id;
}

function invalid(response: HttpResponse, message: string): AiCoreError {
  return new AiCoreError('ERR_AICORE_INVALID_RESPONSE', message, { details: { ...responseContext(response), status: response.status } });
}
