import { logDebug } from '../../diagnostics.ts';
import {
  createHttpClient,
  readJson,
  responseContext,
  sendWithBearer,
  type BearerTokenSource,
  type HttpClient,
  type HttpMethod,
  type HttpResponse,
  type HttpSettings,
} from '../../http/index.ts';
import { registerSecret } from '../../redact.ts';
import { DestinationError } from './errors.ts';
import { destinationFailure } from './response-errors.ts';
import type {
  CertificateLevel,
  CertificateListEntry,
  DestinationCertificate,
  GenerateCertificateRequest,
  ListCertificatesOptions,
  PublicKeyEntry,
  UploadCertificateRequest,
} from './types.ts';

export interface DestinationClientOptions {
  /** `uri` of the Destination binding, e.g. `https://destination-configuration.cfapps.eu10.hana.ondemand.com`. */
  serviceUri: string;
  /** Bearer tokens of the Destination binding's client (see `createTokenProvider`). */
  getAccessToken: BearerTokenSource;
  /** `subaccount` (default) or `instance`. */
  level?: CertificateLevel;
  /** An HTTP client to share, or settings for a new one. */
  http?: HttpClient | HttpSettings;
}

/** Most pages read by one list call; at 1000 entries a page this is far above any subaccount. */
const maxPages = 1000;

/**
 * Client of the Destination service certificate API (`/destination-configuration/v1/
 * subaccountCertificates` or `…/instanceCertificates`). Request and response bodies are
 * never logged: they carry private keys and passwords.
 */
export class DestinationCertificateClient {
  readonly level: CertificateLevel;
  readonly #base: string;
  readonly #http: HttpClient;
  readonly #ownsHttp: boolean;
  readonly #token: BearerTokenSource;

  constructor(options: DestinationClientOptions) {
    this.level = options.level ?? 'subaccount';
    const collection = this.level === 'subaccount' ? 'subaccountCertificates' : 'instanceCertificates';
    this.#base = `${options.serviceUri.replace(/\/+$/, '')}/destination-configuration/v1/${collection}`;
    const shared = options.http !== undefined && 'request' in options.http;
    this.#http = shared ? (options.http as HttpClient) : createHttpClient(options.http as HttpSettings | undefined);
    this.#ownsHttp = !shared;
    this.#token = options.getAccessToken;
  }

  /** Asks the service to generate a key and certificate (or sign `csrPem`) and store them under `name`. */
  async generate(request: GenerateCertificateRequest): Promise<{ name: string; status: number; requestId: string }> {
    checkName(request.name);
    if (request.csrPem !== undefined && !/\.pem$/i.test(request.name)) {
      throw new DestinationError('ERR_DESTINATION_INVALID_ARGUMENT', `a certificate for a CSR can only be generated as PEM, but "${request.name}" is not a .pem name`, {
        fix: 'Use a name ending in .pem.',
      });
    }
    registerSecret(request.password);
    const attributes: Record<string, unknown> = {};
    if (request.commonName !== undefined) attributes.CN = request.commonName;
    if (request.validity !== undefined) attributes.Validity = request.validity;
    if (request.automaticRenew !== undefined) attributes.AutomaticRenew = request.automaticRenew;
    if (request.password !== undefined) attributes.Password = request.password;
    if (request.csrPem !== undefined) attributes.CSR = Buffer.from(request.csrPem, 'utf8').toString('base64');
    const body = { Name: request.name, ...(request.type ? { Type: request.type } : {}), Attributes: attributes };

    logDebug('destination', 'generate certificate', {
      name: request.name,
      level: this.level,
      commonName: request.commonName,
      validity: request.validity,
      automaticRenew: request.automaticRenew,
      password: request.password !== undefined,
      csr: request.csrPem !== undefined,
    });
    const response = await this.#send('POST', this.#base, JSON.stringify(body));
    if (response.status !== 201 && response.status !== 200) throw destinationFailure(response, `generating certificate "${request.name}"`, request.name);
    return { name: request.name, status: response.status, requestId: response.requestId };
  }

  /** Uploads a certificate file (POST), or replaces it with `overwrite` (PUT). */
  async upload(request: UploadCertificateRequest): Promise<{ name: string; status: number; requestId: string }> {
    checkName(request.name);
    const bytes = typeof request.content === 'string' ? Buffer.from(request.content, 'utf8') : Buffer.from(request.content);
    const content = bytes.toString('base64');
    registerSecret(content);
    const body = { Name: request.name, Type: request.type ?? 'CERTIFICATE', Content: content };
    logDebug('destination', 'upload certificate', { name: request.name, level: this.level, bytes: bytes.length, overwrite: request.overwrite === true });
    const response = await this.#send(request.overwrite ? 'PUT' : 'POST', this.#base, JSON.stringify(body));
    if (response.status !== 201 && response.status !== 200) throw destinationFailure(response, `uploading certificate "${request.name}"`, request.name);
    return { name: request.name, status: response.status, requestId: response.requestId };
  }

  /**
   * Reads one certificate including its private key. With `ifNoneMatch` (a previous ETag) the
   * result is `undefined` when the certificate has not changed.
   */
  async read(name: string, options: { ifNoneMatch?: string } = {}): Promise<DestinationCertificate | undefined> {
    checkName(name);
    const headers: Record<string, string> = options.ifNoneMatch ? { 'if-none-match': options.ifNoneMatch } : {};
    const response = await this.#send('GET', `${this.#base}/${encodeURIComponent(name)}`, undefined, headers);
    if (response.status === 304) return undefined;
    if (response.status !== 200) throw destinationFailure(response, `reading certificate "${name}"`, name);
    const body = readJson(response, `reading certificate "${name}"`);
    const entry = parseCertificateObject(body, response, `reading certificate "${name}"`);
    registerSecret(entry.contentBase64);
    registerSecret(entry.content?.toString('utf8'));
    return { name: entry.name, type: entry.type, content: entry.content ?? Buffer.alloc(0), etag: response.headers.etag };
  }

  /** Lists certificates; with `pageSize`, reads every page. */
  async list(options: ListCertificatesOptions = {}): Promise<CertificateListEntry[]> {
    const modes = [options.filter !== undefined, options.namesOnly === true, options.pageSize !== undefined].filter(Boolean).length;
    if (modes > 1) {
      throw new DestinationError('ERR_DESTINATION_INVALID_ARGUMENT', 'filter, namesOnly and pageSize cannot be combined: the Destination service treats $filter, $select and $page as exclusive modes');
    }
    if (options.pageSize === undefined) {
      const query = new URLSearchParams();
      if (options.filter !== undefined) query.set('$filter', options.filter);
      if (options.namesOnly) query.set('$select', 'Name');
      return this.#listPage(query.size > 0 ? `${this.#base}?${query}` : this.#base);
    }
    if (!Number.isInteger(options.pageSize) || options.pageSize < 1 || options.pageSize > 1000) {
      throw new DestinationError('ERR_DESTINATION_INVALID_ARGUMENT', `pageSize must be a whole number from 1 to 1000, got ${options.pageSize}`);
    }

    const all: CertificateListEntry[] = [];
    for (let page = 1; page <= maxPages; page += 1) {
      const query = new URLSearchParams({ $page: String(page), $pageSize: String(options.pageSize), $pageCount: 'true' });
      const { entries, response } = await this.#listPageWithResponse(`${this.#base}?${query}`);
      all.push(...entries);
      const pageCount = Number(response.headers['page-count']);
      const hasNext = /rel=['"]?next/.test(response.headers.link ?? '');
      if (Number.isFinite(pageCount) && pageCount > 0 ? page >= pageCount : !hasNext || entries.length < options.pageSize) break;
    }
    return all;
  }

  /** Deletes one certificate. Returns false when it did not exist and `ignoreMissing` is set. */
  async delete(name: string, options: { ignoreMissing?: boolean } = {}): Promise<boolean> {
    checkName(name);
    const response = await this.#send('DELETE', `${this.#base}/${encodeURIComponent(name)}`);
    if (response.status === 404 && options.ignoreMissing) return false;
    if (response.status !== 200 && response.status !== 204) throw destinationFailure(response, `deleting certificate "${name}"`, name);
    logDebug('destination', 'deleted certificate', { name, level: this.level, requestId: response.requestId });
    return true;
  }

  /** Reads the public certificate chain(s) of a stored certificate, without the private key. */
  async publicKeys(name: string): Promise<PublicKeyEntry[]> {
    checkName(name);
    const response = await this.#send('GET', `${this.#base}/${encodeURIComponent(name)}/publicKeys`);
    if (response.status !== 200) throw destinationFailure(response, `reading the public keys of "${name}"`, name);
    const body = readJson(response, `reading the public keys of "${name}"`);
    if (!Array.isArray(body)) throw invalidResponse(response, `the public keys of "${name}" are not a JSON array`);
    return body.map((item, index) => {
      if (typeof item !== 'object' || item === null || typeof (item as { Content?: unknown }).Content !== 'string') {
        throw invalidResponse(response, `public key entry ${index + 1} of "${name}" has no "Content"`);
      }
      const record = item as { Alias?: unknown; Content: string; SubjectDN?: unknown };
      return {
        ...(typeof record.Alias === 'string' ? { alias: record.Alias } : {}),
        subjectDN: typeof record.SubjectDN === 'string' ? record.SubjectDN : '',
        pem: pemFromContent(record.Content),
      };
    });
  }

  async close(): Promise<void> {
    if (this.#ownsHttp) await this.#http.close();
  }

  async #listPage(url: string): Promise<CertificateListEntry[]> {
    return (await this.#listPageWithResponse(url)).entries;
  }

  async #listPageWithResponse(url: string): Promise<{ entries: CertificateListEntry[]; response: HttpResponse }> {
    const response = await this.#send('GET', url);
    if (response.status !== 200) throw destinationFailure(response, 'listing certificates');
    const body = readJson(response, 'listing certificates');
    if (!Array.isArray(body)) throw invalidResponse(response, 'the certificate list is not a JSON array');
    const entries = body.map((item) => {
      const entry = parseCertificateObject(item, response, 'listing certificates');
      registerSecret(entry.contentBase64);
      return { name: entry.name, type: entry.type, ...(entry.content ? { content: entry.content } : {}) };
    });
    return { entries, response };
  }

  #send(method: HttpMethod, url: string, body?: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
    return sendWithBearer(this.#http, this.#token, {
      method,
      url,
      body,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    });
  }
}

function parseCertificateObject(value: unknown, response: HttpResponse, action: string): { name: string; type: string | undefined; content?: Buffer; contentBase64?: string } {
  if (typeof value !== 'object' || value === null || typeof (value as { Name?: unknown }).Name !== 'string') {
    throw invalidResponse(response, `${action}: an entry has no "Name"`);
  }
  const record = value as { Name: string; Type?: unknown; Content?: unknown };
  const type = typeof record.Type === 'string' ? record.Type : undefined;
  if (record.Content === undefined || record.Content === null) return { name: record.Name, type };
  if (typeof record.Content !== 'string' || !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(record.Content)) {
    throw invalidResponse(response, `${action}: "Content" of "${record.Name}" is not base64`);
  }
  return { name: record.Name, type, content: Buffer.from(record.Content, 'base64'), contentBase64: record.Content };
}

/** `PublicKey.Content` is base64 of a PEM chain per the schema, plain PEM in the examples; both are read. */
function pemFromContent(content: string): string {
  if (content.includes('-----BEGIN')) return content.replace(/\r\n?/g, '\n');
  const decoded = Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8');
  return decoded.includes('-----BEGIN') ? decoded.replace(/\r\n?/g, '\n') : content;
}

function checkName(name: string): void {
  if (name.trim() === '' || /[/\\]/.test(name) || name.length > 255) {
    throw new DestinationError('ERR_DESTINATION_INVALID_ARGUMENT', `invalid certificate name "${name}"`, {
      fix: 'Use a file name without slashes, such as aicore-mtls.pem.',
    });
  }
}

function invalidResponse(response: HttpResponse, message: string): DestinationError {
  return new DestinationError('ERR_DESTINATION_INVALID_RESPONSE', message, { details: { ...responseContext(response), status: response.status } });
}
