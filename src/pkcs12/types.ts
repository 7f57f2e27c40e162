import type { KeyObject } from 'node:crypto';

/**
 * Named algorithm sets for writing (see profiles.ts for who reads which):
 * - `strust`: pbeWithSHAAnd3-KeyTripleDES-CBC for key and certificates, SHA-1 MAC.
 * - `modern`: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for both, SHA-256 MAC; the OpenSSL 3 default.
 * - `legacy-rc2`: what `openssl pkcs12 -export -legacy` writes; RC2-40 certificates, 3DES key, SHA-1 MAC.
 */
export type Pkcs12Profile = 'strust' | 'modern' | 'legacy-rc2';

export interface Pkcs12Certificate {
  der: Uint8Array;
  friendlyName?: string;
  localKeyId?: Uint8Array;
}

export interface Pkcs12Key {
  privateKey: KeyObject;
  friendlyName?: string;
  localKeyId?: Uint8Array;
}

export interface Pkcs12Encryption {
  /** `certificates`: a safe that contains only certificate bags; `key`: a key bag; `safe`: any other safe. */
  part: 'certificates' | 'key' | 'safe';
  /** For example 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC' or 'none'. */
  algorithm: string;
  /** The algorithm OID; for unencrypted parts the OID of the content or bag type. */
  oid: string;
  iterations?: number;
  weak: boolean;
}

export interface Pkcs12AlgorithmReport {
  mac: { digest: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'; iterations: number; saltLength: number } | null;
  /** One entry per encrypted or plain piece, in file order: each safe, and each key bag inside it. */
  encryptions: Pkcs12Encryption[];
  /** The named profile these algorithms correspond to, when they match one exactly (iteration counts aside). */
  profile?: Pkcs12Profile;
}

export interface Pkcs12Contents {
  certificates: Pkcs12Certificate[];
  keys: Pkcs12Key[];
  algorithms: Pkcs12AlgorithmReport;
  /** Problems that did not stop the read, as sentences for the user. */
  warnings: string[];
}

export interface Pkcs12WriteInput {
  /** Absent: a file with certificates only. */
  privateKey?: KeyObject;
  /** DER, leaf first, then intermediates, then the root. */
  certificates: Uint8Array[];
  friendlyName?: string;
  /** May be '' (the empty password), never undefined. */
  password: string;
  profile: Pkcs12Profile;
  /** Key-derivation and MAC iterations; 2048 for strust and legacy-rc2, 10,000 for modern by default. */
  iterations?: number;
}
