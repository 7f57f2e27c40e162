import { createHash, X509Certificate } from 'node:crypto';

import { x509 } from '../../x509/peculiar.ts';
import { rfc4514 } from '../pki/names.ts';

/** A certificate with the fields the sandbox compares, parsed once and cached by hash. */
export interface ParsedCertificate {
  der: Buffer;
  node: X509Certificate;
  /** Subject DN in RFC 4514 order (`CN=…, O=…, C=…`), as OpenSSL prints it. */
  subject: string;
  issuer: string;
  /** Hex of the DER-encoded subject and issuer Names, for exact DN comparison. */
  subjectDer: string;
  issuerDer: string;
  notBefore: Date;
  notAfter: Date;
  /** Lower-case hex SHA-256 of the DER certificate. */
  sha256: string;
  isCa: boolean;
}

const cache = new Map<string, ParsedCertificate>();
const maxCached = 2000;

/** Parses a DER certificate; throws when the bytes are not a certificate. */
export function parseCertificateDer(der: Uint8Array): ParsedCertificate {
  const bytes = Buffer.from(der);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const cached = cache.get(sha256);
  if (cached !== undefined) return cached;

  const node = new X509Certificate(bytes);
  const peculiar = new x509.X509Certificate(bytes);
  const parsed: ParsedCertificate = {
    der: bytes,
    node,
    subject: rfc4514(peculiar.subjectName),
    issuer: rfc4514(peculiar.issuerName),
    subjectDer: Buffer.from(peculiar.subjectName.toArrayBuffer()).toString('hex'),
    issuerDer: Buffer.from(peculiar.issuerName.toArrayBuffer()).toString('hex'),
    notBefore: peculiar.notBefore,
    notAfter: peculiar.notAfter,
    sha256,
    isCa: node.ca,
  };
  if (cache.size >= maxCached) cache.delete(cache.keys().next().value!);
  cache.set(sha256, parsed);
  return parsed;
}

const pemBlock = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g;

/** Returns the DER bytes of every CERTIFICATE block in a PEM text, in order. */
export function splitPemCertificates(pem: string): Buffer[] {
  return [...pem.matchAll(pemBlock)].map((match) => Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
}

/** Parses every certificate in a PEM text; throws on a block that is not a certificate. */
export function parseCertificatesPem(pem: string): ParsedCertificate[] {
  return splitPemCertificates(pem).map((der) => parseCertificateDer(der));
}
