import type { KeyObject } from 'node:crypto';

import { issueCertificate, type IssuedCertificate, type KeyType } from '../../x509/certificate-authority.ts';
import { encodedOrder } from './names.ts';

/** A client certificate with everything a TLS client and a binding need. */
export interface ClientCertificate {
  /** The leaf alone, PEM. */
  certificatePem: string;
  /** Leaf plus intermediate CA, PEM: what a client presents and what a binding registers. */
  chainPem: string;
  /** The root CA above the chain, PEM. */
  rootPem: string;
  /** Unencrypted PKCS#8 PEM. */
  privateKeyPem: string;
  privateKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
}

export interface ClientCertificateOptions {
  /** Subject DN in RFC 4514 order, e.g. `CN=islm, O=Example, C=DE`. */
  subject?: string;
  notBefore?: Date;
  /** Default: one year after notBefore. */
  notAfter?: Date;
  /** Default: ec-p256 (fast); use rsa-2048 where the key type matters. */
  keyType?: KeyType;
}

const year = 365 * 24 * 3600_000;

/** Issues a client certificate from `intermediate`, valid from `now` unless the options set other dates. */
export async function issueClientCertificate(
  intermediate: IssuedCertificate,
  root: IssuedCertificate,
  now: Date,
  options: ClientCertificateOptions = {},
): Promise<ClientCertificate> {
  const notBefore = options.notBefore ?? now;
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + year);
  const leaf = await issueCertificate({
    subject: encodedOrder(options.subject ?? 'CN=sandbox-client, O=aicore-mtls sandbox clients, C=DE'),
    profile: 'client',
    issuer: intermediate,
    keyType: options.keyType ?? 'ec-p256',
    notBefore,
    notAfter,
  });
  return {
    certificatePem: leaf.certificatePem,
    chainPem: leaf.certificatePem + (intermediate === root ? '' : intermediate.certificatePem),
    rootPem: root.certificatePem,
    privateKeyPem: leaf.privateKeyPem,
    privateKey: leaf.privateKey,
    notBefore,
    notAfter,
  };
}

/** A root and intermediate that no sandbox service trusts, for rejection tests. */
export interface TestCertificateAuthority {
  root: IssuedCertificate;
  intermediate: IssuedCertificate;
  issue(options?: ClientCertificateOptions): Promise<ClientCertificate>;
}

/** Creates an untrusted CA pair. `rootSubject` may copy a trusted root's DN to test impostors. */
export async function createUntrustedCa(
  rootSubject = 'CN=Untrusted Root CA, O=aicore-mtls sandbox tests, C=DE',
  intermediateSubject = 'CN=Untrusted Client CA, O=aicore-mtls sandbox tests, C=DE',
): Promise<TestCertificateAuthority> {
  const root = await issueCertificate({
    subject: encodedOrder(rootSubject),
    profile: 'root-ca',
    keyType: 'ec-p256',
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2045-01-01T00:00:00Z'),
  });
  const intermediate = await issueCertificate({
    subject: encodedOrder(intermediateSubject),
    profile: 'intermediate-ca',
    issuer: root,
    keyType: 'ec-p256',
    pathLength: 0,
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2044-01-01T00:00:00Z'),
  });
  return { root, intermediate, issue: (options = {}) => issueClientCertificate(intermediate, root, new Date(), options) };
}
