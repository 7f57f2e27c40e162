import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';

import type { IssuedCertificate } from '../../x509/certificate-authority.ts';
import { x509 } from '../../x509/peculiar.ts';

/** PEM form of an issued certificate and its key, as stored in the sandbox folder. */
export interface StoredIssued {
  certificatePem: string;
  privateKeyPem: string;
}

export function storeIssued(issued: IssuedCertificate): StoredIssued {
  return { certificatePem: issued.certificatePem, privateKeyPem: issued.privateKeyPem };
}

/**
 * Rebuilds an IssuedCertificate (WebCrypto keys included, so it can sign again) from its
 * stored PEMs. Supports the key types the sandbox generates: RSA (PKCS#1 v1.5, SHA-256),
 * ECDSA P-256 and P-384.
 */
export async function loadIssued(stored: StoredIssued): Promise<IssuedCertificate> {
  const privateKey = createPrivateKey(stored.privateKeyPem);
  const algorithm = webCryptoAlgorithm(privateKey);
  const subtle = webcrypto.subtle;
  const keys = {
    privateKey: await subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), algorithm, true, ['sign']),
    publicKey: await subtle.importKey('spki', createPublicKey(privateKey).export({ type: 'spki', format: 'der' }), algorithm, true, ['verify']),
  } as CryptoKeyPair;
  return {
    certificate: new x509.X509Certificate(stored.certificatePem),
    keys,
    certificatePem: stored.certificatePem,
    privateKeyPem: stored.privateKeyPem,
    privateKey,
  };
}

function webCryptoAlgorithm(key: ReturnType<typeof createPrivateKey>): RsaHashedImportParams | EcKeyImportParams {
  if (key.asymmetricKeyType === 'rsa') return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return { name: 'ECDSA', namedCurve: curve === 'secp384r1' ? 'P-384' : 'P-256' };
  }
  throw new Error(`unsupported stored key type ${String(key.asymmetricKeyType)}`);
}
