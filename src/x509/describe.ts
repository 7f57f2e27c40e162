import { describeKey, publicKeyFingerprint, type KeyDescription } from '../keys/public-key.ts';
import { certificateFields, type Certificate } from './certificate.ts';
import type { AlgorithmIdentifier } from './certificate-fields.ts';
import type { BasicConstraints } from './extensions.ts';
import { formatName, nameAttribute } from './name.ts';

const day = 24 * 60 * 60 * 1000;

/** Everything `cert inspect` shows about one certificate; plain data, safe for JSON. */
export interface CertificateDescription {
  /** RFC 4514 (last RDN first), as `openssl x509 -nameopt RFC2253` prints ASCII names. */
  subject: string;
  issuer: string;
  commonName?: string;
  /** Upper-case hex, as `openssl x509 -serial` prints it. */
  serialNumber: string;
  version: number;
  notBefore: string;
  notAfter: string;
  /** Whole days until notAfter, rounded down; negative when expired. */
  daysLeft: number;
  validity: 'valid' | 'expired' | 'not-yet-valid';
  publicKey: KeyDescription & { fingerprint256: string };
  signatureAlgorithm: AlgorithmIdentifier;
  subjectAltNames: string[];
  keyUsage: string[];
  extendedKeyUsage: string[];
  basicConstraints?: BasicConstraints;
  subjectKeyIdentifier?: string;
  authorityKeyIdentifier?: string;
  /** SHA-256 of the DER certificate, colon-separated upper-case hex. */
  fingerprint256: string;
  origin: string;
}

export function describeCertificate(certificate: Certificate, now: Date = new Date()): CertificateDescription {
  const fields = certificateFields(certificate);
  const key = describeKey(certificate.x509.publicKey);
  const description: CertificateDescription = {
    subject: formatName(fields.subject),
    issuer: formatName(fields.issuer),
    serialNumber: fields.serialNumber,
    version: fields.version,
    notBefore: fields.notBefore.toISOString(),
    notAfter: fields.notAfter.toISOString(),
    daysLeft: daysLeft(fields.notAfter, now),
    validity: fields.notAfter.getTime() < now.getTime() ? 'expired' : fields.notBefore.getTime() > now.getTime() ? 'not-yet-valid' : 'valid',
    publicKey: { ...key, fingerprint256: publicKeyFingerprint(certificate.x509) },
    signatureAlgorithm: fields.signatureAlgorithm,
    subjectAltNames: fields.decoded.subjectAltNames ?? [],
    keyUsage: fields.decoded.keyUsage ?? [],
    extendedKeyUsage: fields.decoded.extendedKeyUsage ?? [],
    fingerprint256: certificate.x509.fingerprint256,
    origin: certificate.origin,
  };
  const commonName = nameAttribute(fields.subject, 'CN');
  if (commonName !== undefined) description.commonName = commonName;
  if (fields.decoded.basicConstraints) description.basicConstraints = fields.decoded.basicConstraints;
  if (fields.decoded.subjectKeyIdentifier) description.subjectKeyIdentifier = fields.decoded.subjectKeyIdentifier;
  if (fields.decoded.authorityKeyIdentifier) description.authorityKeyIdentifier = fields.decoded.authorityKeyIdentifier;
  return description;
}

/**
 * Whole days from `now` until `notAfter`, rounded down: 0 on the last day. After expiry the
 * negative count of whole days since then, so -3 means "expired 3 days ago" and 0 "less than a day ago".
 */
export function daysLeft(notAfter: Date, now: Date = new Date()): number {
  const remaining = notAfter.getTime() - now.getTime();
  if (remaining >= 0) return Math.floor(remaining / day);
  const elapsed = Math.floor(-remaining / day);
  return elapsed === 0 ? 0 : -elapsed;
}
