import { createHash } from 'node:crypto';

import { UsageError } from '../errors.ts';
import type { Certificate } from '../material/index.ts';
import { certificateFields } from '../x509/certificate.ts';
import { formatName } from '../x509/name.ts';
import type { CertificateFacts } from './verdict.ts';

/** Identity and validity of a certificate, with the fingerprint as lowercase hex SHA-256 of the DER. */
export function factsOfCertificate(certificate: Certificate): Required<CertificateFacts> & { serialNumber: string } {
  const fields = certificateFields(certificate);
  return {
    sha256: createHash('sha256').update(certificate.der).digest('hex'),
    subject: formatName(fields.subject),
    issuer: formatName(fields.issuer),
    serialNumber: fields.serialNumber,
    notBefore: fields.notBefore.toISOString(),
    notAfter: fields.notAfter.toISOString(),
  };
}

/**
 * Normalises a SHA-256 fingerprint as tools print it (`AB:CD:…`, `ab cd …`, plain hex,
 * `SHA256 Fingerprint=…` from openssl) to 64 lowercase hex digits.
 */
export function normalizeFingerprint(text: string): string {
  const hex = text.trim().replace(/^sha-?256\s*(fingerprint)?\s*[=:]?\s*/i, '').replace(/[\s:]/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new UsageError(`"${text}" is not a SHA-256 fingerprint (64 hex digits, colons allowed)`, {
      fix: 'Copy the SHA-256 fingerprint of the certificate in the PSE, or give the exported certificate with --file instead.',
      details: { value: text },
    });
  }
  return hex;
}

/** Picks the leaf: the first certificate that is not a CA, else the first one. */
export function leafOf(certificates: readonly Certificate[]): Certificate | undefined {
  return certificates.find((certificate) => !certificate.x509.ca) ?? certificates[0];
}
