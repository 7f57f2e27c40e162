import { redactText } from '../redact.ts';
import { HttpResponseError } from './errors.ts';
import type { HttpResponse } from './client.ts';

/** True when the body is an HTML page: a login page, proxy notice or router error instead of an API response. */
export function isHtmlResponse(response: HttpResponse): boolean {
  if (response.contentType === 'text/html' || response.contentType === 'application/xhtml+xml') return true;
  const start = response.body.subarray(0, 256).toString('utf8').trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}

/** Returns the title and the start of the visible text of an HTML page, at most `limit` characters. */
export function htmlExcerpt(html: string, limit = 200): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const body = html
    .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
  const titleText = title?.replace(/\s+/g, ' ').trim();
  const text = titleText && !body.startsWith(titleText) ? `${titleText}: ${body}` : body || titleText || '(empty page)';
  return truncate(redactText(text), limit);
}

/** Throws ERR_HTTP_HTML_RESPONSE when the response is an HTML page. */
export function rejectHtml(response: HttpResponse, what: string): void {
  if (!isHtmlResponse(response)) return;
  throw new HttpResponseError(
    'ERR_HTTP_HTML_RESPONSE',
    `${what} returned an HTML page (status ${response.status}) instead of JSON: "${htmlExcerpt(response.text())}"`,
    context(response),
    {
      status: response.status,
      serverRequestId: response.serverRequestId,
      fix: 'The URL probably points at a login page, a proxy or a router instead of the service API. Check the URL in the service key and the proxy settings.',
    },
  );
}

/** Parses a JSON body, rejecting HTML pages and malformed JSON with typed errors. */
export function readJson(response: HttpResponse, what: string): unknown {
  rejectHtml(response, what);
  const text = response.text();
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message quotes the body, which may hold secrets; it is not kept.
    throw new HttpResponseError(
      'ERR_HTTP_INVALID_RESPONSE',
      `${what} returned a body that is not JSON (status ${response.status}, content type ${response.contentType ?? 'none'})`,
      context(response),
      { status: response.status, serverRequestId: response.serverRequestId, fix: 'Check that the URL points at the expected service API.' },
    );
  }
}

/**
 * Returns a short, redacted description of an error body for messages: the `error_description`,
 * `description`, `message` or `ErrorMessage` field of JSON bodies, the text of HTML pages, or
 * the start of a plain text body.
 */
export function errorBodySummary(response: HttpResponse, limit = 300): string {
  if (response.body.length === 0) return '(empty body)';
  if (isHtmlResponse(response)) return `HTML page "${htmlExcerpt(response.text(), limit)}"`;
  const text = response.text().trim();
  try {
    const parsed = JSON.parse(text) as unknown;
    const fromJson = messageFromJson(parsed);
    if (fromJson) return truncate(redactText(fromJson), limit);
  } catch {
    // Not JSON: use the text itself.
  }
  return truncate(redactText(text.replace(/\s+/g, ' ')), limit);
}

function messageFromJson(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.error === 'object' && record.error !== null) return messageFromJson(record.error);
  for (const field of ['error_description', 'description', 'message', 'ErrorMessage']) {
    if (typeof record[field] === 'string') {
      let prefix = '';
      if (typeof record.error === 'string') prefix = `${record.error}: `;
      else if (typeof record.code === 'string') prefix = `${record.code}: `;
      return prefix + (record[field] as string);
    }
  }
  if (typeof record.error === 'string') return record.error;
  return undefined;
}

/** Builds an ERR_HTTP_STATUS error for a status the caller has no specific error for. */
export function unexpectedStatusError(response: HttpResponse, what: string, fix?: string): HttpResponseError {
  return new HttpResponseError(
    'ERR_HTTP_STATUS',
    `${what} failed with status ${response.status}: ${errorBodySummary(response)}`,
    context(response),
    { status: response.status, serverRequestId: response.serverRequestId, fix },
  );
}

export function context(response: HttpResponse): { method: string; url: string; requestId: string; attempts: number } {
  return { method: response.method, url: response.url, requestId: response.requestId, attempts: response.attempts };
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
