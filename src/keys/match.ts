import type { KeyObject, X509Certificate } from 'node:crypto';

import { publicKeyFingerprint } from './public-key.ts';

export interface KeyMatch {
  matches: boolean;
  /** SHA-256 of the certificate's SubjectPublicKeyInfo. */
  certificateKeyFingerprint: string;
  /** SHA-256 of the SubjectPublicKeyInfo derived from the private key. */
  privateKeyFingerprint: string;
}

/**
 * Checks whether the private key belongs to the certificate's public key, with OpenSSL's own
 * check (X509_check_private_key, which compares key values, not encodings).
 */
export function keysMatch(certificate: X509Certificate, privateKey: KeyObject): boolean {
  if (certificate.publicKey.asymmetricKeyType !== privateKey.asymmetricKeyType) return false;
  return certificate.checkPrivateKey(privateKey);
}

/** Compares the keys and returns both fingerprints for display. */
export function compareKeys(certificate: X509Certificate, privateKey: KeyObject): KeyMatch {
  return {
    matches: keysMatch(certificate, privateKey),
    certificateKeyFingerprint: publicKeyFingerprint(certificate),
    privateKeyFingerprint: publicKeyFingerprint(privateKey),
  };
}
