import type { SandboxCore } from '../core.ts';
import { accept, HttpError, sendJson, type RequestContext } from '../http.ts';
import { parseCertificatesPem } from '../tls/parsed-certificate.ts';
import { formatOfName } from './certificate-files.ts';
import type { StoredCertificate } from './model.ts';
import { parseListQuery } from './query.ts';
import { certificateObject } from './store.ts';

export function notFound(what: string): HttpError {
  return new HttpError(404, 'Not Found', `${what} not found`);
}

/** `GET /v1/{L}`: list, with `$filter`, `$select=Name`, paging and `$includeMetadata`. */
export function listCertificates(core: SandboxCore, ctx: RequestContext, store: StoredCertificate[], basePath: string): void {
  const query = parseListQuery(ctx.url.searchParams);
  const selected = query.filter === undefined ? store : store.filter(query.filter);
  const headers: Record<string, string> = {};

  let items = selected;
  if (query.page !== undefined) {
    const pages = Math.max(1, Math.ceil(selected.length / query.pageSize));
    if (query.page > pages && selected.length > 0) throw new HttpError(404, 'Not Found', `page ${query.page} of ${pages}`);
    items = selected.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    if (query.pageCount) headers['page-count'] = String(pages);
    if (query.page < pages) {
      headers['link'] = `<${core.urls.destination}${basePath}?$page=${query.page + 1}&$pageSize=${query.pageSize}>; rel='next'`;
    }
  }
  if (query.entityCount) headers['entity-count'] = String(selected.length);

  const body = items.map((certificate) =>
    query.selectNameOnly ? { Name: certificate.Name } : certificateObject(certificate, query.metadata),
  );
  accept(ctx, `listed ${body.length} of ${selected.length} certificates`);
  sendJson(ctx, 200, body, headers);
}

/**
 * Applies `If-Match` (412 on mismatch) and `If-None-Match` (304 on match). Returns true when a
 * 304 was sent.
 */
function conditional(ctx: RequestContext, certificate: StoredCertificate): boolean {
  const ifMatch = ctx.req.headers['if-match'];
  if (ifMatch !== undefined && !etagListMatches(ifMatch, certificate.etag)) {
    throw new HttpError(412, 'Precondition Failed', `If-Match ${ifMatch} differs from the current ETag`, { etag: certificate.etag });
  }
  const ifNoneMatch = ctx.req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && etagListMatches(ifNoneMatch, certificate.etag)) {
    accept(ctx, 'not modified (If-None-Match matched)');
    ctx.res.writeHead(304, { etag: certificate.etag });
    ctx.res.end();
    return true;
  }
  return false;
}

function etagListMatches(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((value) => value.trim().replace(/^W\//, ''))
    .some((value) => value === '*' || value === etag);
}

/** `GET /v1/{L}/{name}`: the certificate including its private key, with an ETag. */
export function readCertificate(ctx: RequestContext, certificate: StoredCertificate | undefined, name: string): void {
  if (certificate === undefined) throw notFound(`certificate "${name}"`);
  if (conditional(ctx, certificate)) return;
  accept(ctx, `read certificate "${name}"`);
  sendJson(ctx, 200, certificateObject(certificate), { etag: certificate.etag });
}

/**
 * `GET /v1/{L}/{name}/publicKeys`: the public chain. Keystores get 400 with the JSON
 * `ErrorMessage` body, because their content cannot be read without the password.
 */
export function readPublicKeys(ctx: RequestContext, certificate: StoredCertificate | undefined, name: string): void {
  if (certificate === undefined) throw notFound(`certificate "${name}"`);
  if (formatOfName(certificate.Name)?.format !== 'pem') {
    throw new HttpError(400, { ErrorMessage: 'The keystore is password-protected and public keys cannot be retrieved' }, 'public keys of a keystore requested');
  }
  if (conditional(ctx, certificate)) return;

  const bytes = Buffer.from(certificate.contentBase64, 'base64');
  const text = bytes.toString('latin1');
  const chain = text.includes('-----BEGIN') ? parseCertificatesPem(text) : parseCertificatesPem(derToPem(bytes));
  if (chain.length === 0) throw new HttpError(400, { ErrorMessage: 'The file contains no certificate' }, 'no certificate in file');
  const content = chain.map((certificate) => derToPem(certificate.der)).join('');
  accept(ctx, `read public keys of "${name}"`);
  sendJson(ctx, 200, [{ Content: content, SubjectDN: chain[0]!.subject.replace(/, (?=[A-Za-z.0-9]+=)/g, ',') }], { etag: certificate.etag });
}

function derToPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
