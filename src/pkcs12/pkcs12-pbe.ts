import { createCipheriv, createDecipheriv } from 'node:crypto';

import { pkcs12Kdf } from './kdf.ts';
import { oid } from './oids.ts';
import { Rc2PaddingError, rc2CbcDecrypt, rc2CbcEncrypt } from './rc2.ts';
import { rc4 } from './rc4.ts';

/**
 * A password-based encryption scheme of RFC 7292 Appendix C ("pbeWithSHAAnd…"). Key and IV come
 * from the PKCS#12 KDF with SHA-1 over the BMPString password, and the parameters are
 * SEQUENCE { salt OCTET STRING, iterations INTEGER }.
 */
export interface Pkcs12PbeCipher {
  oid: string;
  /** The name RFC 7292 gives the scheme. */
  name: string;
  keyLength: number;
  /** 0 for the RC4 stream ciphers, which take no IV. */
  ivLength: number;
  /** Reason the scheme is weak, when it is. */
  weakness?: string;
  /** True when OpenSSL 3 (and so Node 17+) needs the legacy provider for it. */
  needsLegacyProvider: boolean;
  cipher: { kind: 'node'; name: string } | { kind: 'rc2'; effectiveBits: number } | { kind: 'rc4' };
}

export const pkcs12PbeCiphers: ReadonlyMap<string, Pkcs12PbeCipher> = new Map(
  [
    {
      oid: oid.pbeWithSHAAnd3KeyTripleDESCBC,
      name: 'pbeWithSHAAnd3-KeyTripleDES-CBC',
      keyLength: 24,
      ivLength: 8,
      needsLegacyProvider: false,
      cipher: { kind: 'node', name: 'des-ede3-cbc' },
    },
    {
      oid: oid.pbeWithSHAAnd2KeyTripleDESCBC,
      name: 'pbeWithSHAAnd2-KeyTripleDES-CBC',
      keyLength: 16,
      ivLength: 8,
      weakness: 'two-key triple DES gives about 80 bits of security',
      needsLegacyProvider: false,
      cipher: { kind: 'node', name: 'des-ede-cbc' },
    },
    {
      oid: oid.pbeWithSHAAnd128BitRC2CBC,
      name: 'pbeWithSHAAnd128BitRC2-CBC',
      keyLength: 16,
      ivLength: 8,
      needsLegacyProvider: true,
      cipher: { kind: 'rc2', effectiveBits: 128 },
    },
    {
      oid: oid.pbeWithSHAAnd40BitRC2CBC,
      name: 'pbeWithSHAAnd40BitRC2-CBC',
      keyLength: 5,
      ivLength: 8,
      weakness: 'a 40-bit RC2 key can be found by brute force',
      needsLegacyProvider: true,
      cipher: { kind: 'rc2', effectiveBits: 40 },
    },
    {
      oid: oid.pbeWithSHAAnd128BitRC4,
      name: 'pbeWithSHAAnd128BitRC4',
      keyLength: 16,
      ivLength: 0,
      weakness: 'RC4 is broken',
      needsLegacyProvider: true,
      cipher: { kind: 'rc4' },
    },
    {
      oid: oid.pbeWithSHAAnd40BitRC4,
      name: 'pbeWithSHAAnd40BitRC4',
      keyLength: 5,
      ivLength: 0,
      weakness: 'RC4 is broken and a 40-bit key can be found by brute force',
      needsLegacyProvider: true,
      cipher: { kind: 'rc4' },
    },
  ].map((cipher) => [cipher.oid, cipher as Pkcs12PbeCipher]),
);

/** Raised when a ciphertext does not decrypt (bad padding), which usually means a wrong key. */
export class DecryptionFailedError extends Error {
  constructor(cause?: unknown) {
    super('decryption failed', cause === undefined ? undefined : { cause });
    this.name = 'DecryptionFailedError';
  }
}

export function pkcs12PbeEncrypt(
  scheme: Pkcs12PbeCipher,
  bmpPassword: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  plaintext: Uint8Array,
): Buffer {
  const { key, iv } = deriveKeyAndIv(scheme, bmpPassword, salt, iterations);
  switch (scheme.cipher.kind) {
    case 'node': {
      const cipher = createCipheriv(scheme.cipher.name, key, iv);
      return Buffer.concat([cipher.update(plaintext), cipher.final()]);
    }
    case 'rc2':
      return rc2CbcEncrypt(key, scheme.cipher.effectiveBits, iv, plaintext);
    case 'rc4':
      return rc4(key, plaintext);
  }
}

/** Decrypts; throws DecryptionFailedError when the padding shows that the key is wrong. */
export function pkcs12PbeDecrypt(
  scheme: Pkcs12PbeCipher,
  bmpPassword: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  ciphertext: Uint8Array,
): Buffer {
  const { key, iv } = deriveKeyAndIv(scheme, bmpPassword, salt, iterations);
  try {
    switch (scheme.cipher.kind) {
      case 'node': {
        const decipher = createDecipheriv(scheme.cipher.name, key, iv);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      }
      case 'rc2':
        return rc2CbcDecrypt(key, scheme.cipher.effectiveBits, iv, ciphertext);
      case 'rc4':
        // A stream cipher has no padding to check; the caller's parse of the plaintext decides.
        return rc4(key, ciphertext);
    }
  } catch (error) {
    if (error instanceof Rc2PaddingError || isBadDecrypt(error)) throw new DecryptionFailedError(error);
    throw error;
  }
}

function deriveKeyAndIv(scheme: Pkcs12PbeCipher, bmpPassword: Uint8Array, salt: Uint8Array, iterations: number) {
  const key = pkcs12Kdf('sha1', bmpPassword, salt, iterations, 1, scheme.keyLength);
  const iv = scheme.ivLength === 0 ? Buffer.alloc(0) : pkcs12Kdf('sha1', bmpPassword, salt, iterations, 2, scheme.ivLength);
  return { key, iv };
}

/** OpenSSL reports a wrong key in CBC mode as "bad decrypt" or "wrong final block length". */
export function isBadDecrypt(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'ERR_OSSL_BAD_DECRYPT' || code === 'ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH' || /bad decrypt|wrong final block length/i.test(error.message);
}
