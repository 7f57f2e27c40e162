import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';

import { Agent, buildConnector, EnvHttpProxyAgent, type Dispatcher } from 'undici';

import { logDebug } from '../diagnostics.ts';
import type { PreparedIdentity } from './tls-identity.ts';

/** Environment variables the client reads; pass `{}` to ignore the process environment. */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface DispatcherSettings {
  identity?: PreparedIdentity;
  /** PEM texts of CA certificates trusted in addition to Node's bundled roots. */
  extraCaCertificates: readonly string[];
  connectTimeoutMs: number;
  environment: Environment;
}

export interface BuiltDispatcher {
  dispatcher: Dispatcher;
  /** The proxy a URL goes through (without credentials), or undefined for a direct connection. */
  proxyFor(url: URL): string | undefined;
  /**
   * Returns (and removes) a TLS alert received from the URL's host since `since` (epoch ms).
   * undici reports a TLS 1.3 alert that arrives after the handshake as "other side closed";
   * the alert itself only reaches the socket's 'error' listeners.
   */
  takeTlsAlert(url: URL, since: number): Error | undefined;
}

/**
 * Builds the undici dispatcher for one TLS identity.
 *
 * Certificate verification is always on. Extra CAs are appended to Node's bundled roots and
 * to the file in NODE_EXTRA_CA_CERTS, because an explicit `ca` option replaces the default
 * store instead of extending it. With HTTPS_PROXY set, the client certificate travels in
 * `requestTls`, which undici uses for the TLS session inside the CONNECT tunnel.
 */
export function buildDispatcher(settings: DispatcherSettings): BuiltDispatcher {
  const ca = trustedCertificates(settings);
  const secureContext = cachedSecureContext(settings, ca);
  const requestTls = {
    timeout: settings.connectTimeoutMs,
    rejectUnauthorized: true,
    ...(secureContext ? { secureContext } : {}),
  };

  const alerts = new TlsAlertRecorder();
  const connect = alerts.wrap(buildConnector(requestTls));

  const proxy = proxySettings(settings.environment);
  if (!proxy.httpsProxy && !proxy.httpProxy) {
    return { dispatcher: new Agent({ connect }), proxyFor: () => undefined, takeTlsAlert: (url, since) => alerts.take(url, since) };
  }

  logDebug('http', 'using proxy from the environment', {
    httpsProxy: proxy.httpsProxy ? withoutCredentials(proxy.httpsProxy) : undefined,
    httpProxy: proxy.httpProxy ? withoutCredentials(proxy.httpProxy) : undefined,
    noProxy: proxy.noProxy,
  });
  const dispatcher = new EnvHttpProxyAgent({
    // Empty strings (not undefined) stop undici from reading process.env itself.
    httpProxy: proxy.httpProxy ?? '',
    httpsProxy: proxy.httpsProxy ?? '',
    noProxy: proxy.noProxy,
    // Direct connections (NO_PROXY) use `connect`; tunnelled ones use undici's own connector
    // built from `requestTls`, so their TLS alerts are not recorded.
    connect,
    requestTls,
    proxyTls: { timeout: settings.connectTimeoutMs, rejectUnauthorized: true, ...(ca ? { ca } : {}) },
  });
  return {
    dispatcher,
    proxyFor(url) {
      const chosen = url.protocol === 'https:' ? proxy.httpsProxy ?? proxy.httpProxy : proxy.httpProxy;
      if (!chosen || isExcluded(url, proxy.noProxy)) return undefined;
      return withoutCredentials(chosen);
    },
    takeTlsAlert: (url, since) => alerts.take(url, since),
  };
}

class TlsAlertRecorder {
  readonly #alerts = new Map<string, { error: Error; at: number }>();

  wrap(connector: buildConnector.connector): buildConnector.connector {
    return (options, callback) =>
      connector(options, (error, socket) => {
        if (socket) {
          const key = `${options.hostname}:${options.port || (options.protocol === 'https:' ? 443 : 80)}`;
          socket.prependListener('error', (socketError: Error & { code?: string }) => {
            if (socketError.code?.startsWith('ERR_SSL_')) this.#alerts.set(key, { error: socketError, at: Date.now() });
          });
        }
        (callback as (error: Error | null, socket: unknown) => void)(error, socket);
      });
  }

  take(url: URL, since: number): Error | undefined {
    const key = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
    const entry = this.#alerts.get(key);
    if (!entry || entry.at < since) return undefined;
    this.#alerts.delete(key);
    return entry.error;
  }
}

const secureContexts = new Map<string, SecureContext>();

/** The native context's method that Node's own `ca` option uses; present since Node 0.x but undocumented. */
type NativeContext = { addCACert?: (pem: string) => void };

/**
 * Builds the TLS context of an identity and CA set once per process. Passing `ca` and
 * `cert`/`key` to every connection instead makes Node parse the whole root store (about 140
 * PEM certificates, 20 to 60 ms on a 2-core machine) for each new connection. Where the native
 * context offers `addCACert`, the extra CAs go into a copy of Node's default store (about 2 ms).
 * Otherwise the full `ca` list is parsed once. The cache key is a hash, so no key material is
 * kept in it.
 */
function cachedSecureContext(settings: DispatcherSettings, ca: string[] | undefined): SecureContext | undefined {
  if (!ca && !settings.identity) return undefined;
  const extra = ca ? extraTrust(settings) : [];
  const hash = createHash('sha256');
  for (const part of [settings.identity?.certificateChainPem ?? '', settings.identity?.privateKeyPem ?? '', ...extra]) {
    hash.update(part).update('\0');
  }
  const key = hash.digest('hex');
  let context = secureContexts.get(key);
  if (context) return context;

  const identity = settings.identity ? { cert: settings.identity.certificateChainPem, key: settings.identity.privateKeyPem } : {};
  context = createSecureContext(identity);
  const native = (context as unknown as { context?: NativeContext }).context;
  if (extra.length > 0 && typeof native?.addCACert === 'function') {
    for (const pem of extra) native.addCACert(pem);
  } else if (extra.length > 0) {
    context = createSecureContext({ ...identity, ca });
  }
  secureContexts.set(key, context);
  return context;
}

/**
 * CA certificates to add to Node's default store: the extra ones, plus the NODE_EXTRA_CA_CERTS
 * file of `settings.environment` when it differs from the one this process started with (Node
 * already added that one to its default store).
 */
function extraTrust(settings: DispatcherSettings): string[] {
  const extra = [...settings.extraCaCertificates];
  const file = settings.environment.NODE_EXTRA_CA_CERTS;
  if (file && file !== process.env.NODE_EXTRA_CA_CERTS) {
    try {
      extra.push(readFileSync(file, 'utf8'));
    } catch (error) {
      logDebug('http', 'NODE_EXTRA_CA_CERTS is not readable; continuing without it', { file, error: String(error) });
    }
  }
  return extra;
}

function trustedCertificates(settings: DispatcherSettings): string[] | undefined {
  if (settings.extraCaCertificates.length === 0) return undefined;
  const fromEnvironment: string[] = [];
  const extraFile = settings.environment.NODE_EXTRA_CA_CERTS;
  if (extraFile) {
    try {
      fromEnvironment.push(readFileSync(extraFile, 'utf8'));
    } catch (error) {
      // Node itself warns at start-up about an unreadable NODE_EXTRA_CA_CERTS file.
      logDebug('http', 'NODE_EXTRA_CA_CERTS is not readable; continuing without it', { file: extraFile, error: String(error) });
    }
  }
  return [...rootCertificates, ...fromEnvironment, ...settings.extraCaCertificates];
}

interface ProxySettings {
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string;
}

/** Reads proxy variables in the order undici uses: lower case before upper case. */
function proxySettings(environment: Environment): ProxySettings {
  const pick = (name: string) => {
    const value = environment[name.toLowerCase()] ?? environment[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  return { httpProxy: pick('HTTP_PROXY'), httpsProxy: pick('HTTPS_PROXY'), noProxy: pick('NO_PROXY') ?? '' };
}

/** Mirrors undici's NO_PROXY rule: exact host or subdomain, optional port, `*` for all. */
function isExcluded(url: URL, noProxy: string): boolean {
  if (noProxy.trim() === '*') return true;
  const host = url.hostname.toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  for (const entry of noProxy.split(/[,\s]/)) {
    if (!entry) continue;
    const match = /^(.+):(\d+)$/.exec(entry);
    const entryHost = (match ? match[1]! : entry).replace(/^\*?\./, '').toLowerCase();
    if (match && Number(match[2]) !== port) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return true;
  }
  return false;
}

function withoutCredentials(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return '(unparseable proxy URL)';
  }
}
