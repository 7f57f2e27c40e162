import type { IncomingMessage, ServerResponse } from 'node:http';

import type { PresentedCertificate } from './tls/presented-certificate.ts';
import type { RequestDecision } from './request-log.ts';
import type { SandboxService } from './services.ts';

/** Everything a service handler needs for one request, plus the log decision it records. */
export interface RequestContext {
  service: SandboxService;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  method: string;
  requestId: string;
  /** The TLS client certificate chain; only the certurl host requests one. */
  clientCertificate?: PresentedCertificate;
  /** OAuth client the request authenticated as (token requests and bearer tokens). */
  clientId?: string;
  decision: RequestDecision;
  reason: string;
}

/** Records that the request was served as intended. */
export function accept(ctx: RequestContext, reason: string): void {
  ctx.decision = 'accepted';
  ctx.reason = reason;
}

/**
 * An HTTP error response. Handlers throw it; the server sends `body` (JSON for objects, plain
 * text for strings) and logs `reason` as a rejection.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly reason: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(reason);
  }
}

export const maxBodyBytes = 1024 * 1024;

/** Reads the request body; a body larger than `limit` bytes gets 413. */
export async function readBody(ctx: RequestContext, limit = maxBodyBytes): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'Payload Too Large', `request body larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a JSON body. `badRequest` builds the service's own error body for invalid JSON, so
 * each service responds in its documented error shape.
 */
export async function readJson(ctx: RequestContext, badRequest: (message: string) => HttpError): Promise<unknown> {
  const contentType = ctx.req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(contentType)) {
    throw badRequest(`Content-Type must be application/json, got "${contentType || 'none'}"`);
  }
  const body = await readBody(ctx);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw badRequest('the request body is not valid JSON');
  }
}

export function sendJson(ctx: RequestContext, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(body));
  ctx.res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': String(payload.length),
    ...headers,
  });
  ctx.res.end(payload);
}

export function sendText(ctx: RequestContext, status: number, text: string, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(text);
  ctx.res.writeHead(status, {
    'content-type': 'text/plain;charset=UTF-8',
    'content-length': String(payload.length),
    ...headers,
  });
  ctx.res.end(payload);
}

/** Sends an HttpError in its body form: objects as JSON, strings as plain text. */
export function sendHttpError(ctx: RequestContext, error: HttpError): void {
  if (typeof error.body === 'string') sendText(ctx, error.status, error.body, error.headers);
  else sendJson(ctx, error.status, error.body, error.headers);
}

export type RouteHandler = (ctx: RequestContext, params: Record<string, string>) => Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

export type RouteResult = 'handled' | 'not-found' | 'method-not-allowed';

/** Matches `/v1/service_bindings/:id` style patterns; parameters are percent-decoded. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, path: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  async handle(ctx: RequestContext, onBadParameter: (message: string) => HttpError): Promise<RouteResult> {
    let pathMatched = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(ctx.url.pathname);
      if (match === null) continue;
      pathMatched = true;
      if (route.method !== ctx.method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        try {
          params[name] = decodeURIComponent(match[index + 1]!);
        } catch {
          throw onBadParameter(`the path segment "${match[index + 1]}" is not valid percent-encoding`);
        }
      });
      await route.handler(ctx, params);
      return 'handled';
    }
    return pathMatched ? 'method-not-allowed' : 'not-found';
  }
}

/** Parses an `Authorization: Bearer` header; undefined when absent or of another scheme. */
export function bearerToken(ctx: RequestContext): string | undefined {
  const header = ctx.req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
