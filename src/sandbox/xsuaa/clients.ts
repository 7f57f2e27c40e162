import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A client secret of one binding; only the hash is kept for comparison. */
export interface SecretCredential {
  type: 'binding-secret';
  bindingId: string;
  secretSha256: string;
}

/** A certificate registered by an x509 binding, with the fields certificate matching compares. */
export interface X509Credential {
  type: 'x509';
  bindingId: string;
  /** `self-managed`: the binding brought the certificate. `generated`: XSUAA issued it. */
  source: 'self-managed' | 'generated';
  pinning: boolean;
  certificateSha256: string;
  subject: string;
  issuer: string;
  subjectDer: string;
  issuerDer: string;
  /** The stored issue date: notBefore of the newest accepted certificate (ISO 8601). */
  storedNotBefore: string;
}

export type XsuaaCredential = SecretCredential | X509Credential;

/**
 * One OAuth client of XSUAA. As on SAP BTP, a service instance has one client id and each
 * binding adds a credential (a secret or a certificate) to it.
 */
export interface XsuaaClient {
  clientId: string;
  /** xsappname of the service the client belongs to, e.g. `aicore!b540`; becomes an audience. */
  serviceXsappname: string;
  /** Application name of the instance's clone, e.g. `<instance>!b17|aicore!b540`. */
  appname: string;
  serviceInstanceId: string;
  scopes: string[];
  credentials: XsuaaCredential[];
}

export interface XsuaaState {
  clients: XsuaaClient[];
}

export function findClient(state: XsuaaState, clientId: string): XsuaaClient | undefined {
  return state.clients.find((client) => client.clientId === clientId);
}

export function findClientOfInstance(state: XsuaaState, serviceInstanceId: string): XsuaaClient | undefined {
  return state.clients.find((client) => client.serviceInstanceId === serviceInstanceId);
}

/** Creates the instance's client on first use; the client id follows SAP's `sb-…!b…|app!b…` form. */
export function ensureClient(
  state: XsuaaState,
  options: { serviceInstanceId: string; serviceXsappname: string; scopes: string[] },
): XsuaaClient {
  const existing = findClientOfInstance(state, options.serviceInstanceId);
  if (existing !== undefined) return existing;
  const build = 10_000 + (randomBytes(2).readUInt16BE(0) % 90_000);
  const clone = `${options.serviceInstanceId}!b${build}`;
  const client: XsuaaClient = {
    clientId: `sb-${clone}|${options.serviceXsappname}`,
    serviceXsappname: options.serviceXsappname,
    appname: `${clone}|${options.serviceXsappname}`,
    serviceInstanceId: options.serviceInstanceId,
    scopes: options.scopes,
    credentials: [],
  };
  state.clients.push(client);
  return client;
}

/**
 * Creates a secret credential for a binding, with the secret in the `<uuid>$<random>` form SAP
 * uses. The caller activates it by adding `credential` to the client.
 */
export function newSecretCredential(bindingId: string): { secret: string; credential: SecretCredential } {
  const secret = `${randomUUID()}$${randomBytes(24).toString('base64url')}`;
  return { secret, credential: { type: 'binding-secret', bindingId, secretSha256: hashSecret(secret) } };
}

export function removeBindingCredentials(state: XsuaaState, bindingId: string): void {
  for (const client of state.clients) {
    client.credentials = client.credentials.filter((credential) => credential.bindingId !== bindingId);
  }
}

/** Compares a presented secret with the client's secret credentials in constant time per entry. */
export function secretMatches(client: XsuaaClient, secret: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  let matched = false;
  for (const credential of client.credentials) {
    if (credential.type !== 'binding-secret') continue;
    if (timingSafeEqual(presented, Buffer.from(credential.secretSha256, 'hex'))) matched = true;
  }
  return matched;
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
