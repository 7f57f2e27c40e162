import { appendFile } from 'node:fs/promises';

import type { SandboxService } from './services.ts';

/** Outcome of a request in the sandbox. */
export type RequestDecision = 'accepted' | 'rejected' | 'fault' | 'error';

/**
 * One request as the sandbox saw it. Holds no secret: query values of secret-looking
 * parameters are replaced, and bodies, tokens and keys are never recorded.
 */
export interface RequestLogEntry {
  /** Sequence number, increasing from 1 for each sandbox process. */
  seq: number;
  /** Real time the request arrived (ISO 8601). */
  time: string;
  /** Sandbox clock at arrival (ISO 8601); differs from `time` after `time advance`. */
  sandboxTime: string;
  service: SandboxService;
  method: string;
  /** Path with the query; secret-looking query values are replaced by `[redacted]`. */
  path: string;
  /** HTTP status sent, or 0 when the connection was dropped without a response. */
  status: number;
  durationMs: number;
  /** Subject DN of the TLS client certificate, when one was presented. */
  clientCertificateSubject?: string;
  /** OAuth client id the request authenticated as, when known. Client ids are not secret. */
  clientId?: string;
  decision: RequestDecision;
  /** Reason for the decision, in one sentence. */
  reason: string;
}

const secretQueryNames = /^(client_secret|clientsecret|password|access_token|refresh_token|assertion|code|token|key)$/i;

/** Returns the path with the values of secret-looking query parameters replaced. */
export function redactRequestPath(rawUrl: string): string {
  const questionMark = rawUrl.indexOf('?');
  if (questionMark === -1) return rawUrl;
  const path = rawUrl.slice(0, questionMark);
  const parameters = rawUrl
    .slice(questionMark + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // Keep the raw name; a malformed escape is not a reason to drop the entry.
      }
      return equals !== -1 && secretQueryNames.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${path}?${parameters.join('&')}`;
}

/**
 * Bounded in-memory request log, optionally mirrored to a JSON Lines file so that
 * `sandbox logs` can read it from another process.
 */
export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];
  private seq = 0;
  private writing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(entry: RequestLogEntry) => void>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly file?: string,
  ) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const complete: RequestLogEntry = { seq: ++this.seq, ...entry };
    this.entries.push(complete);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
    for (const listener of this.listeners) listener(complete);
    if (this.file !== undefined) {
      const line = `${JSON.stringify(complete)}\n`;
      const file = this.file;
      // Appends are chained so lines keep their order; a failed write loses that line only.
      this.writing = this.writing.then(() => appendFile(file, line, { mode: 0o600 })).catch(() => undefined);
    }
    return complete;
  }

  list(): RequestLogEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  subscribe(listener: (entry: RequestLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every line so far is written to the file. */
  flush(): Promise<void> {
    return this.writing;
  }
}
