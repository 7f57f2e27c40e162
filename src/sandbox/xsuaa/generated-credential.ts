import { randomUUID, webcrypto } from 'node:crypto';

import { issueCertificate, type IssuedCertificate } from '../../x509/certificate-authority.ts';
import { encodedOrder } from '../pki/names.ts';

export interface GeneratedX509 {
  /** Leaf, issuing CA and root, PEM, as XSUAA puts it into `certificate`. */
  certificatePem: string;
  /** PKCS#1 `RSA PRIVATE KEY` PEM, the form of SAP's examples. */
  keyPem: string;
  leaf: IssuedCertificate;
}

/**
 * Issues a certificate and key the way XSUAA does for `credential-type: x509` without a
 * certificate: from its own client CA ("SAP PKI Certificate Service Client CA" here), valid
 * from `now` (the sandbox clock) for `validityDays`.
 */
export async function generateX509Credential(options: {
  issuer: IssuedCertificate;
  root: IssuedCertificate;
  subaccountId: string;
  keyLength: 2048 | 4096 | 8192;
  validityDays: number;
  now: Date;
}): Promise<GeneratedX509> {
  const keys = (await webcrypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: options.keyLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const leaf = await issueCertificate({
    subject: encodedOrder(`CN=${randomUUID()}, L=sap-uaa, OU=${options.subaccountId}, OU=SAP Cloud Platform Clients, O=SAP SE, C=DE`),
    profile: 'client',
    issuer: options.issuer,
    keys,
    notBefore: options.now,
    notAfter: new Date(options.now.getTime() + options.validityDays * 24 * 3600_000),
  });
  return {
    certificatePem: leaf.certificatePem + options.issuer.certificatePem + options.root.certificatePem,
    keyPem: leaf.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    leaf,
  };
}
