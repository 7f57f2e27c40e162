import { webcrypto } from 'node:crypto';

import { issueCertificate, type IssuedCertificate, type IssueOptions } from '../../src/x509/certificate-authority.ts';
import { certificateFromDer, type Certificate } from '../../src/x509/certificate.ts';

/** Test helper: a Certificate from an issued test certificate. */
export function certificateOf(issued: IssuedCertificate | string, origin = 'test.pem'): Certificate {
  const pem = typeof issued === 'string' ? issued : issued.certificatePem;
  return certificateFromDer(new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')), origin);
}

/** Test helper: a certificate with an RSA key of any size, which generateKeyPair does not offer below 2048 bits. */
export async function issueWithRsaBits(bits: number, options: Omit<IssueOptions, 'keys' | 'keyType'>): Promise<IssuedCertificate> {
  const keys = (await webcrypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  return issueCertificate({ ...options, keys });
}
