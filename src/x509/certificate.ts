import { X509Certificate } from 'node:crypto';

import { AicoreMtlsError } from '../errors.ts';
import { encodePem } from '../text/pem.ts';
import { parseCertificateFields, type CertificateFields } from './certificate-fields.ts';

/** A certificate read from some input, with where it came from. */
export interface Certificate {
  der: Uint8Array;
  /** Canonical PEM: 64-character lines, LF endings. */
  pem: string;
  x509: X509Certificate;
  /** File path, `stdin`, or a description such as `field "certificate" of key.json`. */
  origin: string;
}

const fieldCache = new WeakMap<Certificate, CertificateFields>();

/**
 * Parsed certificates by DER, because the same intermediates and roots come back in every
 * chain: `status` over 200 landscapes parsed each SAP client CA and root 200 times, and
 * OpenSSL's parse is about 0.25 ms each. Both parsed forms are immutable, so sharing is safe.
 */
const parsedByDer = new Map<string, { x509: X509Certificate; fields: CertificateFields }>();
const parsedCacheLimit = 512;

/**
 * Builds a Certificate from DER, checking that both Node (OpenSSL) and the field parser read it,
 * so that every later step can rely on both.
 */
export function certificateFromDer(der: Uint8Array, origin: string): Certificate {
  const cacheKey = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const cached = parsedByDer.get(cacheKey);
  if (cached) {
    const certificate: Certificate = { der, pem: encodePem('CERTIFICATE', der), x509: cached.x509, origin };
    fieldCache.set(certificate, cached.fields);
    return certificate;
  }

  let x509: X509Certificate;
  let fields: CertificateFields;
  try {
    x509 = new X509Certificate(der);
    fields = parseCertificateFields(der);
  } catch (error) {
    throw new AicoreMtlsError('ERR_CERTIFICATE_INVALID', `${origin}: the certificate data is not a valid X.509 certificate (${describeCause(error)})`, {
      cause: error,
      fix: 'The certificate was damaged or cut off. Export or download it again.',
      details: { origin },
    });
  }
  if (parsedByDer.size >= parsedCacheLimit) parsedByDer.delete(parsedByDer.keys().next().value!);
  parsedByDer.set(cacheKey, { x509, fields });
  const certificate: Certificate = { der, pem: encodePem('CERTIFICATE', der), x509, origin };
  fieldCache.set(certificate, fields);
  return certificate;
}

/** Parsed fields of a certificate, computed once per Certificate object. */
export function certificateFields(certificate: Certificate): CertificateFields {
  let fields = fieldCache.get(certificate);
  if (fields === undefined) {
    fields = parseCertificateFields(certificate.der);
    fieldCache.set(certificate, fields);
  }
  return fields;
}

function describeCause(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}
