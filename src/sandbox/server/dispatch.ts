import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

import { logDebug } from '../../diagnostics.ts';
import type { SandboxCore } from '../core.ts';
import type { ActiveFault } from '../faults.ts';
import { HttpError, sendHttpError, sendJson, type RequestContext } from '../http.ts';
import { redactRequestPath } from '../request-log.ts';
import type { SandboxService } from '../services.ts';
import { presentedCertificate } from '../tls/presented-certificate.ts';

export type ServiceHandler = (ctx: RequestContext) => Promise<void>;

/**
 * Wraps a service handler with what every sandbox request goes through: reading the TLS client
 * certificate (certurl only), fault injection, error responses and the request log entry.
 */
export function createRequestListener(core: SandboxCore, service: SandboxService, handler: ServiceHandler) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    const arrived = new Date();
    const method = req.method ?? 'GET';
    const ctx: RequestContext = {
      service,
      req,
      res,
      url: new URL(req.url ?? '/', 'https://sandbox.invalid'),
      method,
      requestId: randomUUID(),
      decision: 'error',
      reason: 'no response',
    };
    const sandboxTime = core.clock.now().toISOString();

    res.once('close', () => {
      core.log.add({
        time: arrived.toISOString(),
        sandboxTime,
        service,
        method,
        path: redactRequestPath(req.url ?? '/'),
        status: res.headersSent ? res.statusCode : 0,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        clientCertificateSubject: ctx.clientCertificate?.leaf.subject,
        clientId: ctx.clientId,
        decision: ctx.decision,
        reason: ctx.reason,
      });
    });

    void handle(core, ctx, handler);
  };
}

async function handle(core: SandboxCore, ctx: RequestContext, handler: ServiceHandler): Promise<void> {
  try {
    if (ctx.service === 'xsuaa-cert') ctx.clientCertificate = presentedCertificate(ctx.req.socket as TLSSocket);
    const fault = core.faults.take(ctx.service, ctx.method, ctx.url.pathname);
    if (fault !== undefined && (await applyFault(ctx, fault))) return;
    await handler(ctx);
    if (!ctx.res.headersSent) throw new Error(`the ${ctx.service} handler sent no response`);
  } catch (error) {
    if (ctx.res.headersSent || ctx.res.destroyed) return;
    if (error instanceof HttpError) {
      ctx.decision = 'rejected';
      ctx.reason = error.reason;
      sendHttpError(ctx, error);
      return;
    }
    ctx.decision = 'error';
    ctx.reason = `internal error: ${error instanceof Error ? error.message : String(error)}`;
    logDebug('sandbox', 'internal error', { service: ctx.service, path: ctx.url.pathname, error: String(error) });
    sendJson(ctx, 500, { error: 'internal_error', error_description: 'sandbox internal error; see the sandbox request log' });
  }
}

/** Applies a fault; returns true when the request is finished (anything but a delay). */
async function applyFault(ctx: RequestContext, fault: ActiveFault): Promise<boolean> {
  const label = `fault rule ${fault.id} (${fault.kind})`;
  if (fault.kind === 'delay') {
    await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
    return false;
  }
  ctx.decision = 'fault';
  ctx.reason = `injected ${label}`;
  if (fault.kind === 'reset') {
    ctx.req.socket.destroy();
    return true;
  }
  if (fault.kind === 'html') {
    const status = fault.status ?? 502;
    const page = `<!DOCTYPE html>\n<html><head><title>${status} Error</title></head><body><h1>${status} Error</h1><p>The server encountered a temporary error and could not complete your request.</p><hr><p>sandbox gateway</p></body></html>\n`;
    ctx.res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(page)) });
    ctx.res.end(page);
    return true;
  }

  const status = fault.status ?? 503;
  const headers: Record<string, string> = {};
  const retryAfter = fault.retryAfterSeconds ?? (status === 429 ? 1 : undefined);
  if (retryAfter !== undefined) {
    // Service Manager documents Retry-After as an HTTP-date; the others get delta-seconds.
    headers['retry-after'] = ctx.service === 'service-manager' ? new Date(Date.now() + retryAfter * 1000).toUTCString() : String(retryAfter);
  }
  const description = status === 429 ? 'Too many requests (injected fault)' : `Service temporarily unavailable (injected fault, status ${status})`;
  sendJson(ctx, status, errorBodyFor(ctx, status, description), headers);
  return true;
}

function errorBodyFor(ctx: RequestContext, status: number, description: string): unknown {
  switch (ctx.service) {
    case 'xsuaa':
    case 'xsuaa-cert':
      return { error: status === 429 ? 'too_many_requests' : 'server_error', error_description: description };
    case 'service-manager':
      return status === 429 ? { description } : { error: 'ServiceUnavailable', description };
    case 'aicore':
      return { error: { code: status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: description, requestId: ctx.requestId, target: ctx.url.pathname } };
    case 'destination':
      return { ErrorMessage: description };
  }
}
