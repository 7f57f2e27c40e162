import { createHash, X509Certificate } from 'node:crypto';

/** The facts of a certificate the admin compares on the STRUST screen. */
export interface CertificateSummary {
  /** Subject DN in the order STRUST and RFC 4514 show it: `CN=…, OU=…, O=…, C=…`. */
  subject: string;
  issuer: string;
  commonName?: string;
  /** Upper-case hex, as STRUST shows the serial number. */
  serialNumber: string;
  /** ISO 8601 instants. */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER, upper-case hex pairs joined by colons. */
  sha256Fingerprint: string;
  selfSigned: boolean;
}

/** Summarises a parsed certificate. */
export function summarizeCertificate(certificate: X509Certificate): CertificateSummary {
  const subject = formatNodeName(certificate.subject);
  return {
    subject,
    issuer: formatNodeName(certificate.issuer),
    commonName: commonNameOf(certificate.subject),
    serialNumber: certificate.serialNumber.toUpperCase(),
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    sha256Fingerprint: certificate.fingerprint256,
    selfSigned: isSelfSigned(certificate),
  };
}

/**
 * Turns Node's name form (one attribute per line, in encoded order, values already escaped
 * as RFC 2253 requires) into the one-line form with the most specific attribute first.
 */
export function formatNodeName(name: string): string {
  return name
    .split('\n')
    .filter((line) => line !== '')
    .reverse()
    .join(', ');
}

function commonNameOf(name: string): string | undefined {
  const line = name.split('\n').find((entry) => entry.startsWith('CN='));
  return line?.slice(3);
}

export function isSelfSigned(certificate: X509Certificate): boolean {
  if (certificate.subject !== certificate.issuer) return false;
  try {
    return certificate.verify(certificate.publicKey);
  } catch {
    return false;
  }
}

/** SHA-256 of file bytes as lower-case hex, the form `sha256sum` and `certutil -hashfile` print. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Normalises a fingerprint given as hex with or without colons to upper-case pairs with colons. */
export function normalizeFingerprint(text: string): string {
  const hex = text.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}
