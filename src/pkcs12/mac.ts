import { createHmac, timingSafeEqual } from 'node:crypto';

import type { BerReader, Element } from './ber.ts';
import { Pkcs12UnsupportedAlgorithmError } from './errors.ts';
import { digestLength, pkcs12Kdf, type Pkcs12KdfDigest } from './kdf.ts';
import type { WorkBudget } from './limits.ts';
import { describeOid, oid } from './oids.ts';

export type MacDigestName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export const macDigests: ReadonlyMap<string, { name: MacDigestName; digest: Pkcs12KdfDigest }> = new Map([
  [oid.sha1, { name: 'SHA-1', digest: 'sha1' }],
  [oid.sha256, { name: 'SHA-256', digest: 'sha256' }],
  [oid.sha384, { name: 'SHA-384', digest: 'sha384' }],
  [oid.sha512, { name: 'SHA-512', digest: 'sha512' }],
] as const);

/** The macData of a PFX: the HMAC digest, its value, and the KDF salt and iteration count. */
export interface MacParameters {
  name: MacDigestName;
  digest: Pkcs12KdfDigest;
  value: Uint8Array;
  salt: Uint8Array;
  iterations: number;
}

/**
 * Parses MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER
 * DEFAULT 1 }. Unsupported digests (MD5, PBMAC1 of RFC 9579) raise
 * Pkcs12UnsupportedAlgorithmError.
 */
export function parseMacData(reader: BerReader, element: Element, budget: WorkBudget): MacParameters {
  const fields = reader.sequence(element, 'macData', 2, 3);
  const [digestInfoAlgorithm, digestValue] = reader.sequence(fields[0], 'macData digest', 2, 2);
  const [digestOidElement, digestParameters] = reader.sequence(digestInfoAlgorithm, 'macData digest algorithm', 1, 2);
  const digestOid = reader.oid(digestOidElement, 'macData digest algorithm');
  const known = macDigests.get(digestOid);
  if (known === undefined) {
    throw new Pkcs12UnsupportedAlgorithmError(reader.source, `${describeOid(digestOid)} for its integrity MAC`, digestOid);
  }
  if (digestParameters !== undefined && !reader.isNull(digestParameters)) reader.fail('macData digest algorithm parameters', 'are not NULL');

  const value = reader.octetString(digestValue, 'macData digest');
  if (value.length !== digestLength(known.digest)) {
    reader.fail('macData digest', `has ${value.length} bytes, but ${known.name} produces ${digestLength(known.digest)}`);
  }
  const salt = reader.octetString(fields[1], 'macData salt');
  const iterations = fields[2] === undefined ? 1 : reader.integer(fields[2], 'macData iteration count', 1, Number.MAX_SAFE_INTEGER);
  budget.checkCount(iterations, 'the MAC');
  return { name: known.name, digest: known.digest, value, salt, iterations };
}

/**
 * Computes the PFX MAC (RFC 7292 section 5.1 and Appendix B): HMAC with the named digest over
 * the content octets of the authSafe, keyed by the PKCS#12 KDF (purpose 3) of the BMPString password.
 */
export function computeMac(digest: Pkcs12KdfDigest, bmpPassword: Uint8Array, salt: Uint8Array, iterations: number, data: Uint8Array): Buffer {
  const key = pkcs12Kdf(digest, bmpPassword, salt, iterations, 3, digestLength(digest));
  return createHmac(digest, key).update(data).digest();
}

export function macMatches(mac: MacParameters, bmpPassword: Uint8Array, data: Uint8Array): boolean {
  const computed = computeMac(mac.digest, bmpPassword, mac.salt, mac.iterations, data);
  return timingSafeEqual(computed, mac.value);
}
