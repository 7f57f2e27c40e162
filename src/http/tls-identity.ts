import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

import { InputFormatError, PasswordIncorrectError, PasswordMissingError } from '../errors.ts';
import { registerSecret } from '../redact.ts';
import { KeyMismatchError } from './errors.ts';

/** The client side of a mutual TLS connection. */
export interface TlsIdentity {
  /** Client certificate chain in PEM: the leaf and its intermediates, in any order. */
  certificatePem: string;
  /** Private key of the leaf: PEM (PKCS#1, PKCS#8, SEC1, encrypted or not) or a KeyObject. */
  privateKey: string | KeyObject;
  /** Passphrase of an encrypted PEM key. */
  passphrase?: string;
  /** Origin of the certificate and key (file name, service key field), for messages. */
  origin?: string;
}

/** Non-secret facts about the certificate a client presents; safe to print. */
export interface IdentitySummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 fingerprint of the leaf, colon-separated upper-case hex. */
  fingerprint256: string;
  /** Number of certificates sent: the leaf plus intermediates. */
  chainLength: number;
}

/** A checked identity in the form the TLS stack takes it. */
export interface PreparedIdentity {
  /** The chain as PEM, leaf first, LF line endings. */
  certificateChainPem: string;
  /** The decrypted private key as PKCS#8 PEM; registered as a secret. */
  privateKeyPem: string;
  summary: IdentitySummary;
  /** Problems that do not stop the handshake but may make the server reject it. */
  warnings: string[];
}

const certificateBlock = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Checks a client identity before any network call and returns it ready for TLS.
 *
 * The key is decrypted here, so a wrong or missing passphrase and a key that belongs to none
 * of the certificates fail with their own errors instead of a handshake failure. The
 * certificate that matches the key is moved to the front, because TLS sends the first
 * certificate as the leaf.
 */
export function prepareTlsIdentity(identity: TlsIdentity): PreparedIdentity {
  const origin = identity.origin ?? 'the client identity';
  const certificates = parseCertificateChain(identity.certificatePem, origin);
  const key = loadPrivateKey(identity, origin);

  const leafIndex = certificates.findIndex((certificate) => certificate.checkPrivateKey(key));
  if (leafIndex < 0) {
    throw new KeyMismatchError(
      `the private key in ${origin} does not belong to the client certificate "${displayName(certificates[0]!.subject)}"`,
      { details: { origin, certificates: certificates.map((certificate) => displayName(certificate.subject)) } },
    );
  }
  const leaf = certificates[leafIndex]!;
  const ordered = [leaf, ...certificates.filter((_, index) => index !== leafIndex)];

  const warnings: string[] = [];
  if (ordered.length === 1 && leaf.subject !== leaf.issuer) {
    warnings.push(
      `the client certificate "${displayName(leaf.subject)}" is sent without its issuing CA certificate; servers that do not hold "${displayName(leaf.issuer)}" reject the handshake`,
    );
  }
  const notAfter = new Date(leaf.validTo);
  if (notAfter.getTime() < Date.now()) {
    warnings.push(`the client certificate "${displayName(leaf.subject)}" expired on ${notAfter.toISOString()}`);
  }

  const privateKeyPem = key.export({ format: 'pem', type: 'pkcs8' }) as string;
  registerSecret(privateKeyPem);
  return {
    certificateChainPem: ordered.map((certificate) => certificate.toString().trim()).join('\n') + '\n',
    privateKeyPem,
    summary: summarizeCertificate(leaf, ordered.length),
    warnings,
  };
}

/** Returns subject, issuer, serial and validity of the first certificate in a PEM chain. */
export function describeCertificateChain(certificatePem: string, origin = 'the certificate'): IdentitySummary {
  const certificates = parseCertificateChain(certificatePem, origin);
  return summarizeCertificate(certificates[0]!, certificates.length);
}

function summarizeCertificate(certificate: X509Certificate, chainLength: number): IdentitySummary {
  return {
    subject: displayName(certificate.subject),
    issuer: displayName(certificate.issuer),
    serialNumber: certificate.serialNumber,
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    fingerprint256: certificate.fingerprint256,
    chainLength,
  };
}

/** Node lists DN attributes one a line, most general first; this returns `CN=…, O=…, C=…`. */
export function displayName(nodeDistinguishedName: string): string {
  return nodeDistinguishedName.split('\n').filter(Boolean).reverse().join(', ');
}

function parseCertificateChain(pem: string, origin: string): X509Certificate[] {
  const blocks = pem.replace(/\r\n?/g, '\n').match(certificateBlock) ?? [];
  if (blocks.length === 0) {
    throw new InputFormatError(`${origin} contains no PEM certificate (no "-----BEGIN CERTIFICATE-----" block)`, {
      fix: 'Give the client certificate chain in PEM form, leaf first.',
      details: { origin },
    });
  }
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new InputFormatError(`certificate ${index + 1} in ${origin} cannot be parsed`, {
        fix: 'Check that the PEM block was copied completely, without changed characters.',
        cause: error,
        details: { origin, index: index + 1 },
      });
    }
  });
}

function loadPrivateKey(identity: TlsIdentity, origin: string): KeyObject {
  if (typeof identity.privateKey !== 'string') {
    if (identity.privateKey.type !== 'private') {
      throw new InputFormatError(`the key given for ${origin} is a ${identity.privateKey.type} key, not a private key`, {
        details: { origin },
      });
    }
    return identity.privateKey;
  }

  const pem = identity.privateKey.replace(/\r\n?/g, '\n');
  registerSecret(pem);
  if (identity.passphrase !== undefined) registerSecret(identity.passphrase);
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase: identity.passphrase });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED' || (code === 'ERR_MISSING_PASSPHRASE')) {
      throw new PasswordMissingError(`the private key in ${origin}`, { cause: error, details: { origin } });
    }
    if (code === 'ERR_OSSL_BAD_DECRYPT') {
      throw new PasswordIncorrectError(`the private key in ${origin}`, { cause: error, details: { origin } });
    }
    throw new InputFormatError(`the private key in ${origin} cannot be read`, {
      fix: 'Give the private key as PEM (BEGIN PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY).',
      cause: error,
      details: { origin },
    });
  }
}
