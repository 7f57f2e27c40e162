import type { SandboxCore } from '../core.ts';
import { accept, HttpError, sendJson, type RequestContext } from '../http.ts';
import { badRequest, decodeContent, formatOfName, validateUpload } from './certificate-files.ts';
import { issueGeneratedFile, parseGenerationRequest } from './generation.ts';
import type { CertificateLabel, StoredCertificate } from './model.ts';
import { notFound } from './read-handlers.ts';
import { parseListQuery, parseQuotedList } from './query.ts';
import { etagOf, metadataOf, type CertificateLevel } from './store.ts';

interface Upload {
  Name: string;
  Type: string;
  contentBase64: string;
  sharedWithSubscriber: boolean;
}

/** Validates one `Certificate` object of an upload; the content must match the Name's extension. */
function parseUpload(body: unknown, level: CertificateLevel): Upload {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('each certificate must be a JSON object');
  const object = body as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!['Name', 'Type', 'Content', '$metadata'].includes(key)) throw badRequest(`unknown field "${key}" in a certificate`);
  }
  const name = object['Name'];
  if (typeof name !== 'string' || name === '') throw badRequest('Name is required');
  if (/[/\\]/.test(name) || name.length > 200) throw badRequest(`Name "${name}" must not contain / or \\ and must be at most 200 characters`);
  const format = formatOfName(name);
  if (format === undefined) throw badRequest(`the extension of Name "${name}" must be .pem, .crt, .cer, .p12, .pfx or .jks`);
  const type = object['Type'];
  if (type !== undefined && type !== null && typeof type !== 'string') throw badRequest('Type must be a string');

  const bytes = decodeContent(object['Content']);
  validateUpload(format.format, format.extension, bytes);

  let sharedWithSubscriber = false;
  const metadata = object['$metadata'];
  if (metadata !== undefined) {
    if (level !== 'instanceCertificates') throw badRequest('$metadata.shared_with_subscriber is only available for instance certificates');
    const shared = (metadata as Record<string, unknown> | null)?.['shared_with_subscriber'];
    if (typeof shared !== 'boolean') throw badRequest('$metadata.shared_with_subscriber must be true or false');
    sharedWithSubscriber = shared;
  }
  return { Name: name, Type: typeof type === 'string' ? type : 'CERTIFICATE', contentBase64: bytes.toString('base64'), sharedWithSubscriber };
}

function storedFromUpload(core: SandboxCore, upload: Upload, labels: CertificateLabel[] = []): StoredCertificate {
  const certificate: StoredCertificate = {
    Name: upload.Name,
    Type: upload.Type,
    contentBase64: upload.contentBase64,
    etag: '',
    modificationTime: core.clock.now().getTime(),
    labels,
    sharedWithSubscriber: upload.sharedWithSubscriber,
  };
  certificate.etag = etagOf(certificate);
  return certificate;
}

function duplicate(ctx: RequestContext, existing: StoredCertificate): HttpError {
  const metadata = includedMetadata(ctx);
  const reason = `a certificate named "${existing.Name}" already exists`;
  if (metadata.length > 0) return new HttpError(409, { ErrorMessage: 'Duplicate key', $metadata: metadataOf(existing, metadata) }, reason);
  return new HttpError(409, 'Duplicate key', reason);
}

function includedMetadata(ctx: RequestContext) {
  const value = ctx.url.searchParams.get('$includeMetadata');
  return value === null ? [] : parseListQuery(new URLSearchParams({ $includeMetadata: value })).metadata;
}

/** `POST /v1/{L}`: upload one, upload many (array), or generate (`Attributes`). */
export async function createCertificates(core: SandboxCore, ctx: RequestContext, store: StoredCertificate[], level: CertificateLevel, body: unknown): Promise<void> {
  if (Array.isArray(body)) {
    if (body.length === 0) throw badRequest('the array of certificates is empty');
    const results: Array<Record<string, unknown>> = [];
    for (const item of body) {
      const name = typeof (item as Record<string, unknown>)?.['Name'] === 'string' ? String((item as Record<string, unknown>)['Name']) : '';
      try {
        if ((item as Record<string, unknown>)?.['Attributes'] !== undefined) throw badRequest('certificates are generated one at a time, not in a bulk request');
        const upload = parseUpload(item, level);
        if (store.some((certificate) => certificate.Name === upload.Name)) {
          results.push({ name, status: 409, cause: 'Duplicate key' });
          continue;
        }
        const stored = storedFromUpload(core, upload);
        store.push(stored);
        results.push({ name, status: 201, etag: stored.etag });
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        results.push({ name, status: error.status, cause: typeof error.body === 'string' ? error.body : JSON.stringify(error.body) });
      }
    }
    core.markDirty();
    const allCreated = results.every((result) => result.status === 201);
    accept(ctx, `bulk upload: ${results.filter((result) => result.status === 201).length} of ${results.length} created`);
    sendJson(ctx, allCreated ? 201 : 207, results);
    return;
  }
  if (typeof body !== 'object' || body === null) throw badRequest('the body must be a certificate object or an array of them');

  const object = body as Record<string, unknown>;
  let stored: StoredCertificate;
  if (object['Attributes'] !== undefined) {
    const request = await parseGenerationRequest(object);
    const existing = store.find((certificate) => certificate.Name === request.name);
    if (existing !== undefined) throw duplicate(ctx, existing);
    stored = await generate(core, request);
    // Another request may have taken the name while the key was generated.
    const raced = store.find((certificate) => certificate.Name === request.name);
    if (raced !== undefined) throw duplicate(ctx, raced);
  } else {
    const upload = parseUpload(object, level);
    const existing = store.find((certificate) => certificate.Name === upload.Name);
    if (existing !== undefined) throw duplicate(ctx, existing);
    stored = storedFromUpload(core, upload);
  }
  store.push(stored);
  core.markDirty();
  accept(ctx, stored.generation ? `generated "${stored.Name}" (${stored.generation.subject})` : `uploaded "${stored.Name}"`);
  sendCreated(ctx, stored);
}

function sendCreated(ctx: RequestContext, stored: StoredCertificate): void {
  const metadata = includedMetadata(ctx);
  if (metadata.length > 0) {
    sendJson(ctx, 201, { $metadata: metadataOf(stored, metadata) }, { etag: stored.etag });
    return;
  }
  ctx.res.writeHead(201, { etag: stored.etag, 'content-length': '0' });
  ctx.res.end();
}

async function generate(core: SandboxCore, request: Awaited<ReturnType<typeof parseGenerationRequest>>): Promise<StoredCertificate> {
  const now = core.clock.now();
  const issued = await issueGeneratedFile(core, request.name, request.format, request.record, now);
  const certificate: StoredCertificate = {
    Name: request.name,
    Type: 'CERTIFICATE',
    contentBase64: issued.contentBase64,
    etag: '',
    modificationTime: now.getTime(),
    labels: [],
    sharedWithSubscriber: false,
    generation: {
      ...request.record,
      subject: issued.subject,
      notBefore: issued.notBefore.toISOString(),
      notAfter: issued.notAfter.toISOString(),
      renewals: 0,
    },
  };
  certificate.etag = etagOf(certificate);
  return certificate;
}

/** `PUT /v1/{L}`: overwrite existing certificates; the name comes from the body. */
export async function updateCertificates(core: SandboxCore, ctx: RequestContext, store: StoredCertificate[], level: CertificateLevel, body: unknown): Promise<void> {
  const replace = (stored: StoredCertificate) => {
    const index = store.findIndex((certificate) => certificate.Name === stored.Name);
    store[index] = stored;
  };
  if (Array.isArray(body)) {
    if (body.length === 0) throw badRequest('the array of certificates is empty');
    const results: Array<Record<string, unknown>> = [];
    for (const item of body) {
      const name = String((item as Record<string, unknown>)?.['Name'] ?? '');
      try {
        const upload = parseUpload(item, level);
        const existing = store.find((certificate) => certificate.Name === upload.Name);
        if (existing === undefined) {
          results.push({ name, status: 404, cause: 'Not Found' });
          continue;
        }
        const stored = storedFromUpload(core, upload, existing.labels);
        replace(stored);
        results.push({ name, status: 200, etag: stored.etag });
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        results.push({ name, status: error.status, cause: typeof error.body === 'string' ? error.body : JSON.stringify(error.body) });
      }
    }
    core.markDirty();
    accept(ctx, `bulk update: ${results.filter((result) => result.status === 200).length} of ${results.length} updated`);
    sendJson(ctx, results.every((result) => result.status === 200) ? 200 : 207, results);
    return;
  }
  if (typeof body !== 'object' || body === null) throw badRequest('the body must be a certificate object or an array of them');

  const object = body as Record<string, unknown>;
  const name = object['Name'];
  const existing = store.find((certificate) => certificate.Name === name);
  let stored: StoredCertificate;
  if (object['Attributes'] !== undefined) {
    const request = await parseGenerationRequest(object);
    if (existing === undefined) throw notFound(`certificate "${request.name}"`);
    stored = await generate(core, request);
  } else {
    const upload = parseUpload(object, level);
    if (existing === undefined) throw notFound(`certificate "${upload.Name}"`);
    stored = storedFromUpload(core, upload);
  }
  stored.labels = existing.labels;
  replace(stored);
  core.markDirty();
  accept(ctx, `overwrote "${stored.Name}"`);
  sendJson(ctx, 200, { Count: 1 }, { etag: stored.etag });
}

/** `DELETE /v1/{L}?$filter=Name in (…)`: bulk delete with a summary per name. */
export function deleteCertificates(core: SandboxCore, ctx: RequestContext, store: StoredCertificate[]): void {
  const filter = ctx.url.searchParams.get('$filter');
  if (filter === null) throw badRequest("bulk delete needs $filter=Name in ('a.pem','b.pem')");
  const match = /^\s*Name\s+in\s+(\(.*\))\s*$/.exec(filter);
  if (match === null) throw badRequest(`bulk delete supports only $filter=Name in (…), got "${filter}"`);
  const names = parseQuotedList(match[1]!, '$filter');
  const summary = names.map((name) => {
    const index = store.findIndex((certificate) => certificate.Name === name);
    if (index === -1) return { name, status: 'NOT_FOUND', reason: 'Not Found' };
    store.splice(index, 1);
    return { name, status: 'DELETED' };
  });
  const count = summary.filter((entry) => entry.status === 'DELETED').length;
  core.markDirty();
  accept(ctx, `bulk delete: ${count} of ${names.length} deleted`);
  sendJson(ctx, 200, { Count: count, Summary: summary });
}

export function deleteCertificate(core: SandboxCore, ctx: RequestContext, store: StoredCertificate[], name: string): void {
  const index = store.findIndex((certificate) => certificate.Name === name);
  if (index === -1) throw notFound(`certificate "${name}"`);
  store.splice(index, 1);
  core.markDirty();
  accept(ctx, `deleted "${name}"`);
  sendJson(ctx, 200, { Count: 1 });
}

function parseLabels(value: unknown): CertificateLabel[] {
  if (!Array.isArray(value)) throw badRequest('labels must be an array of {"key","values"}');
  return value.map((label, index) => {
    const key = (label as Record<string, unknown> | null)?.['key'];
    const values = (label as Record<string, unknown> | null)?.['values'];
    if (typeof key !== 'string' || key === '') throw badRequest(`label ${index + 1}: key must be a non-empty string`);
    if (!Array.isArray(values) || !values.every((entry) => typeof entry === 'string')) throw badRequest(`label "${key}": values must be an array of strings`);
    return { key, values: [...new Set(values as string[])] };
  });
}

/** `GET`, `PUT` and `PATCH /v1/{L}/{name}/labels`. */
export function handleLabels(core: SandboxCore, ctx: RequestContext, certificate: StoredCertificate | undefined, name: string, body: unknown): void {
  if (certificate === undefined) throw notFound(`certificate "${name}"`);
  if (ctx.method === 'GET') {
    accept(ctx, `read labels of "${name}"`);
    sendJson(ctx, 200, certificate.labels);
    return;
  }
  if (ctx.method === 'PUT') {
    certificate.labels = parseLabels(body);
  } else {
    const patch = body as Record<string, unknown> | null;
    const action = patch?.['action'];
    if (action !== 'ADD' && action !== 'DELETE') throw badRequest('action must be "ADD" or "DELETE"');
    const labels = parseLabels(patch?.['labels']);
    for (const label of labels) {
      const existing = certificate.labels.find((candidate) => candidate.key === label.key);
      if (action === 'ADD') {
        if (existing === undefined) certificate.labels.push(label);
        else existing.values = [...new Set([...existing.values, ...label.values])];
      } else if (existing !== undefined) {
        existing.values = label.values.length === 0 ? [] : existing.values.filter((value) => !label.values.includes(value));
        if (existing.values.length === 0) certificate.labels = certificate.labels.filter((candidate) => candidate !== existing);
      }
    }
  }
  certificate.modificationTime = core.clock.now().getTime();
  certificate.etag = etagOf(certificate);
  core.markDirty();
  accept(ctx, `${ctx.method === 'PUT' ? 'replaced' : 'changed'} labels of "${name}"`);
  ctx.res.writeHead(204);
  ctx.res.end();
}
