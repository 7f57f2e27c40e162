import { createCipheriv, createDecipheriv, pbkdf2Sync } from 'node:crypto';

import type { BerReader, Element } from './ber.ts';
import { Pkcs12UnsupportedAlgorithmError } from './errors.ts';
import { maxIterations } from './limits.ts';
import { describeOid, oid } from './oids.ts';
import { DecryptionFailedError, isBadDecrypt } from './pkcs12-pbe.ts';

/** PBKDF2 pseudo-random functions, as Node names their digests. */
const prfs = new Map<string, { digest: string; label: string }>([
  [oid.hmacWithSHA1, { digest: 'sha1', label: 'HMAC-SHA1' }],
  [oid.hmacWithSHA224, { digest: 'sha224', label: 'HMAC-SHA224' }],
  [oid.hmacWithSHA256, { digest: 'sha256', label: 'HMAC-SHA256' }],
  [oid.hmacWithSHA384, { digest: 'sha384', label: 'HMAC-SHA384' }],
  [oid.hmacWithSHA512, { digest: 'sha512', label: 'HMAC-SHA512' }],
  [oid.hmacWithSHA512_224, { digest: 'sha512-224', label: 'HMAC-SHA512/224' }],
  [oid.hmacWithSHA512_256, { digest: 'sha512-256', label: 'HMAC-SHA512/256' }],
]);

/** PBES2 encryption schemes: CBC ciphers whose parameter is the IV. */
const ciphers = new Map<string, { name: string; label: string; keyLength: number; ivLength: number }>([
  [oid.aes128CBC, { name: 'aes-128-cbc', label: 'AES-128-CBC', keyLength: 16, ivLength: 16 }],
  [oid.aes192CBC, { name: 'aes-192-cbc', label: 'AES-192-CBC', keyLength: 24, ivLength: 16 }],
  [oid.aes256CBC, { name: 'aes-256-cbc', label: 'AES-256-CBC', keyLength: 32, ivLength: 16 }],
  [oid.desEde3CBC, { name: 'des-ede3-cbc', label: 'DES-EDE3-CBC', keyLength: 24, ivLength: 8 }],
]);

export interface Pbes2Parameters {
  salt: Uint8Array;
  iterations: number;
  prfOid: string;
  cipherOid: string;
  iv: Uint8Array;
}

/** Returns the report name of a PBES2 scheme, for example "PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC". */
export function pbes2Name(parameters: Pbes2Parameters): string {
  return `PBES2 PBKDF2-${prfs.get(parameters.prfOid)!.label} ${ciphers.get(parameters.cipherOid)!.label}`;
}

/**
 * Parses PBES2-params (RFC 8018 appendix A.4) with PBKDF2 as the key derivation function:
 * SEQUENCE { keyDerivationFunc { PBKDF2, { salt, iterationCount, keyLength?, prf DEFAULT
 * hmacWithSHA1 } }, encryptionScheme { cipher OID, IV } }.
 */
export function parsePbes2Parameters(reader: BerReader, parameters: Element | undefined, what: string): Pbes2Parameters {
  const [kdf, scheme] = reader.sequence(parameters, `${what} PBES2 parameters`, 2, 2);

  const [kdfOidElement, kdfParameters] = reader.sequence(kdf, `${what} key derivation function`, 1, 2);
  const kdfOid = reader.oid(kdfOidElement, `${what} key derivation function`);
  if (kdfOid !== oid.pbkdf2) {
    throw new Pkcs12UnsupportedAlgorithmError(reader.source, `${describeOid(kdfOid)} as the PBES2 key derivation for ${what}`, kdfOid);
  }

  const pbkdf2Fields = reader.sequence(kdfParameters, `${what} PBKDF2 parameters`, 2, 4);
  if (pbkdf2Fields[0]?.idBlock.tagNumber === 16) {
    throw new Pkcs12UnsupportedAlgorithmError(reader.source, `a PBKDF2 salt from another source for ${what}`, oid.pbkdf2);
  }
  const salt = reader.octetString(pbkdf2Fields[0], `${what} PBKDF2 salt`);
  const iterations = reader.integer(pbkdf2Fields[1], `${what} PBKDF2 iteration count`, 1, Number.MAX_SAFE_INTEGER);
  let next = 2;
  let keyLength: number | undefined;
  if (pbkdf2Fields[next]?.idBlock.tagNumber === 2) {
    keyLength = reader.integer(pbkdf2Fields[next], `${what} PBKDF2 key length`, 1, 64);
    next++;
  }
  let prfOid: string = oid.hmacWithSHA1;
  if (pbkdf2Fields[next] !== undefined) {
    const [prfOidElement, prfParameters] = reader.sequence(pbkdf2Fields[next], `${what} PBKDF2 PRF`, 1, 2);
    prfOid = reader.oid(prfOidElement, `${what} PBKDF2 PRF`);
    if (prfParameters !== undefined && !reader.isNull(prfParameters)) reader.fail(`${what} PBKDF2 PRF parameters`, 'are not NULL');
    next++;
  }
  if (next !== pbkdf2Fields.length) reader.fail(`${what} PBKDF2 parameters`, 'have fields in an unexpected order');
  if (!prfs.has(prfOid)) {
    throw new Pkcs12UnsupportedAlgorithmError(reader.source, `${describeOid(prfOid)} as the PBKDF2 PRF for ${what}`, prfOid);
  }

  const [cipherOidElement, ivElement] = reader.sequence(scheme, `${what} encryption scheme`, 1, 2);
  const cipherOid = reader.oid(cipherOidElement, `${what} encryption scheme`);
  const cipher = ciphers.get(cipherOid);
  if (cipher === undefined) {
    throw new Pkcs12UnsupportedAlgorithmError(reader.source, `${describeOid(cipherOid)} as the PBES2 cipher for ${what}`, cipherOid);
  }
  const iv = reader.octetString(ivElement, `${what} ${cipher.label} IV`);
  if (iv.length !== cipher.ivLength) reader.fail(`${what} ${cipher.label} IV`, `has ${iv.length} bytes instead of ${cipher.ivLength}`);
  if (keyLength !== undefined && keyLength !== cipher.keyLength) {
    reader.fail(`${what} PBKDF2 key length`, `is ${keyLength} bytes, but ${cipher.label} needs ${cipher.keyLength}`);
  }
  return { salt, iterations, prfOid, cipherOid, iv };
}

/** Decrypts with PBES2; `password` is the raw UTF-8 password (RFC 8018 leaves the encoding to the application). */
export function pbes2Decrypt(parameters: Pbes2Parameters, password: Uint8Array, ciphertext: Uint8Array): Buffer {
  const { key, cipher } = deriveKey(parameters, password);
  try {
    const decipher = createDecipheriv(cipher.name, key, parameters.iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (error) {
    if (isBadDecrypt(error)) throw new DecryptionFailedError(error);
    throw error;
  }
}

export function pbes2Encrypt(parameters: Pbes2Parameters, password: Uint8Array, plaintext: Uint8Array): Buffer {
  const { key, cipher } = deriveKey(parameters, password);
  const encipher = createCipheriv(cipher.name, key, parameters.iv);
  return Buffer.concat([encipher.update(plaintext), encipher.final()]);
}

function deriveKey(parameters: Pbes2Parameters, password: Uint8Array) {
  const cipher = ciphers.get(parameters.cipherOid)!;
  const prf = prfs.get(parameters.prfOid)!;
  if (parameters.iterations > maxIterations) throw new RangeError(`PBKDF2 iteration count ${parameters.iterations} is above ${maxIterations}`);
  const key = pbkdf2Sync(password, parameters.salt, parameters.iterations, cipher.keyLength, prf.digest);
  return { key, cipher };
}
