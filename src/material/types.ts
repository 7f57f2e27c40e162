import type { KeyObject } from 'node:crypto';

import type { PrivateKeyEncoding } from '../keys/private-key.ts';
import type { PasswordProvider } from '../password.ts';
import type { Pkcs12AlgorithmReport } from '../pkcs12/types.ts';
import type { TextRepair } from '../text/repair.ts';
import type { Certificate } from '../x509/certificate.ts';

export type { Certificate } from '../x509/certificate.ts';
export type { TextRepair } from '../text/repair.ts';
export type { Pkcs12AlgorithmReport } from '../pkcs12/types.ts';

/** Input bytes and where they came from: a file path, `stdin`, or `field "certificate" of key.json`. */
export interface MaterialSource {
  bytes: Uint8Array;
  origin: string;
}

export interface PrivateKey {
  keyObject: KeyObject;
  encoding: PrivateKeyEncoding;
  origin: string;
  /** Encryption scheme of the key in the input, such as `PBES2 (PBKDF2 with hmacWithSHA256, 2048 iterations, aes-256-cbc)`. */
  protection?: string;
}

/**
 * The outermost form of the input. A Destination certificate object or a service key wraps
 * one of the other forms; `pkcs12` is set whenever PKCS#12 data was read, also inside those.
 */
export type MaterialFormat = 'pem' | 'der' | 'base64-der' | 'pkcs12' | 'destination-certificate' | 'service-key';

/** Everything read from one input: certificates and keys in input order, plus what the reader changed or noticed. */
export interface Material {
  format: MaterialFormat;
  certificates: Certificate[];
  privateKeys: PrivateKey[];
  repairs: TextRepair[];
  /** Sentences for the user about weak protection, ignored content and the like. */
  warnings: string[];
  pkcs12?: Pkcs12AlgorithmReport;
}

export interface ReadMaterialOptions {
  /** Asked only when the input is encrypted; absent means no password. */
  passwords?: PasswordProvider;
}
