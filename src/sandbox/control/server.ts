import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { AicoreMtlsError } from '../../errors.ts';
import type { IssuedCertificate } from '../../x509/certificate-authority.ts';
import { parseDuration } from '../clock.ts';
import type { SandboxCore } from '../core.ts';
import { parseFaultSpec, type FaultRule } from '../faults.ts';
import { close, createHttpsServer, listen } from '../server/https-servers.ts';
import type { Sandbox } from '../types.ts';

export interface ControlServerOptions {
  token: string;
  port: number;
  serverCertificate: IssuedCertificate;
  onStop?: () => void;
}

export interface ControlServer {
  port: number;
  close(): Promise<void>;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts the control endpoint the CLI uses to steer a background sandbox: status, clock, faults,
 * request log and stop. It listens on 127.0.0.1 only, whatever the services' address, and
 * every request needs `Authorization: Bearer <token>` with the token from the 0600 file.
 */
export async function startControlServer(sandbox: Sandbox, core: SandboxCore, options: ControlServerOptions): Promise<ControlServer> {
  const server = createHttpsServer(options.serverCertificate, { name: 'control', requestCert: false });
  const expected = Buffer.from(options.token, 'utf8');

  const authorized = (req: IncomingMessage): boolean => {
    const match = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '');
    if (match === null) return false;
    const presented = Buffer.from(match[1]!, 'utf8');
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        if (!authorized(req)) throw new ControlError(401, 'missing or wrong control token');
        const url = new URL(req.url ?? '/', 'https://control.invalid');
        const result = await route(sandbox, core, req, url, options);
        send(res, 200, result);
        if (url.pathname === '/stop') setImmediate(() => options.onStop?.());
      } catch (error) {
        if (error instanceof ControlError) send(res, error.status, { error: error.message });
        else if (error instanceof AicoreMtlsError) send(res, 400, { error: error.message, code: error.code, fix: error.fix });
        else send(res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });

  const port = await listen(server, options.port, '127.0.0.1');
  return { port, close: () => close(server) };
}

async function route(sandbox: Sandbox, core: SandboxCore, req: IncomingMessage, url: URL, options: ControlServerOptions): Promise<unknown> {
  const key = `${req.method} ${url.pathname}`;
  switch (key) {
    case 'GET /status':
      return {
        pid: process.pid,
        urls: sandbox.urls,
        ports: sandbox.ports,
        sandboxTime: sandbox.clock.now().toISOString(),
        clockOffsetMs: sandbox.clock.offsetMs,
        faults: sandbox.faults.list().length,
        requests: core.log.list().length,
      };
    case 'GET /time':
      return timeView(sandbox);
    case 'POST /time/advance': {
      const body = await readJson(req);
      const duration = typeof body['duration'] === 'string' ? parseDuration(body['duration']) : undefined;
      if (duration === undefined) throw new ControlError(400, `invalid duration ${JSON.stringify(body['duration'])}; expected e.g. 335d, 12h or 90s`);
      sandbox.clock.advance(duration);
      await sandbox.settle();
      return timeView(sandbox);
    }
    case 'POST /time/set': {
      const body = await readJson(req);
      const time = typeof body['time'] === 'string' ? new Date(body['time']) : undefined;
      if (time === undefined || Number.isNaN(time.getTime())) throw new ControlError(400, `invalid time ${JSON.stringify(body['time'])}; expected an ISO 8601 date`);
      sandbox.clock.set(time);
      await sandbox.settle();
      return timeView(sandbox);
    }
    case 'GET /faults':
      return { faults: sandbox.faults.list() };
    case 'POST /faults': {
      const body = await readJson(req);
      const rule: FaultRule = typeof body['spec'] === 'string' ? parseFaultSpec(body['spec']) : (body['rule'] as FaultRule);
      return { fault: sandbox.faults.add(rule) };
    }
    case 'DELETE /faults': {
      const count = sandbox.faults.list().length;
      sandbox.faults.clear();
      return { cleared: count };
    }
    case 'GET /logs': {
      const after = Number(url.searchParams.get('after') ?? '0');
      return { entries: core.log.list().filter((entry) => entry.seq > after) };
    }
    case 'POST /stop':
      if (options.onStop === undefined) throw new ControlError(400, 'this sandbox cannot be stopped through the control endpoint');
      return { stopping: true };
    default:
      throw new ControlError(404, `no control endpoint ${key}`);
  }
}

function timeView(sandbox: Sandbox): Record<string, unknown> {
  return { sandboxTime: sandbox.clock.now().toISOString(), realTime: new Date().toISOString(), offsetMs: sandbox.clock.offsetMs };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new ControlError(413, 'request body too large');
    chunks.push(chunk);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new ControlError(400, 'the request body must be a JSON object');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(payload.length) });
  res.end(payload);
}
