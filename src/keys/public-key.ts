import { createHash, createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';

/** Algorithm and size of a key, for display and lint rules. */
export interface KeyDescription {
  /** `RSA`, `RSA-PSS`, `EC`, `Ed25519`, `Ed448`, or Node's name for anything else. */
  algorithm: string;
  /** Modulus length for RSA, curve size for EC. */
  bits?: number;
  /** NIST name of the curve (`P-256`), or OpenSSL's name when it has none. */
  curve?: string;
  /** `RSA 2048`, `EC P-256`. */
  text: string;
}

const curves: Record<string, { name: string; bits: number }> = {
  prime256v1: { name: 'P-256', bits: 256 },
  secp384r1: { name: 'P-384', bits: 384 },
  secp521r1: { name: 'P-521', bits: 521 },
  secp256k1: { name: 'secp256k1', bits: 256 },
};

/** Describes a public or private key. */
export function describeKey(key: KeyObject): KeyDescription {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss': {
      const algorithm = key.asymmetricKeyType === 'rsa' ? 'RSA' : 'RSA-PSS';
      const bits = details.modulusLength;
      return { algorithm, bits, text: bits === undefined ? algorithm : `${algorithm} ${bits}` };
    }
    case 'ec': {
      const named = details.namedCurve ?? 'unknown curve';
      const curve = curves[named];
      return { algorithm: 'EC', bits: curve?.bits, curve: curve?.name ?? named, text: `EC ${curve?.name ?? named}` };
    }
    case 'ed25519':
      return { algorithm: 'Ed25519', bits: 256, text: 'Ed25519' };
    case 'ed448':
      return { algorithm: 'Ed448', bits: 456, text: 'Ed448' };
    default: {
      const algorithm = key.asymmetricKeyType ?? 'unknown';
      return { algorithm, text: algorithm };
    }
  }
}

/**
 * DER SubjectPublicKeyInfo of a certificate's key, or of the public half of a private key.
 * EC keys go through JWK first: OpenSSL keeps the point form it parsed, so a certificate
 * with a compressed point would otherwise export other bytes than its private key.
 */
export function publicKeyDer(key: KeyObject | X509Certificate): Buffer {
  const keyObject = 'publicKey' in key ? key.publicKey : key;
  let publicKey = keyObject.type === 'private' ? createPublicKey(keyObject) : keyObject;
  if (publicKey.asymmetricKeyType === 'ec') publicKey = createPublicKey({ key: publicKey.export({ format: 'jwk' }), format: 'jwk' });
  return publicKey.export({ type: 'spki', format: 'der' });
}

/**
 * SHA-256 of the DER SubjectPublicKeyInfo, as upper-case hex pairs joined by colons: the value
 * `openssl pkey -pubout -outform DER | openssl dgst -sha256` prints, and the same for a
 * certificate and its private key.
 */
export function publicKeyFingerprint(key: KeyObject | X509Certificate): string {
  return colonHex(createHash('sha256').update(publicKeyDer(key)).digest());
}

export function colonHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');
}
