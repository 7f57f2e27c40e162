import { randomBytes } from 'node:crypto';

import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';

import { oid } from './oids.ts';
import { pbes2Encrypt } from './pbes2.ts';
import { pkcs12PbeCiphers, pkcs12PbeEncrypt } from './pkcs12-pbe.ts';
import type { PartEncryption } from './profiles.ts';

export interface EncryptedPart {
  algorithm: AlgorithmIdentifier;
  ciphertext: Buffer;
}

export interface PartPassword {
  bmp: Uint8Array;
  utf8: Uint8Array;
}

/** Bytes of PBES2 salt. RFC 8018 recommends at least 8, NIST SP 800-132 at least 16. */
const pbes2SaltLength = 16;

/**
 * Encrypts one part of a new file (the certificate SafeContents or a PrivateKeyInfo) and
 * returns the ciphertext with its AlgorithmIdentifier, with fresh random salt and IV.
 */
export function encryptPart(
  encryption: PartEncryption,
  password: PartPassword,
  iterations: number,
  saltLength: number,
  plaintext: Uint8Array,
): EncryptedPart {
  if (encryption.kind === 'pkcs12-pbe') {
    const cipher = pkcs12PbeCiphers.get(encryption.oid);
    if (cipher === undefined) throw new Error(`no PKCS#12 PBE cipher for OID ${encryption.oid}`);
    const salt = randomBytes(saltLength);
    const ciphertext = pkcs12PbeEncrypt(cipher, password.bmp, salt, iterations, plaintext);
    // pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
    const parameters = new asn1js.Sequence({
      value: [new asn1js.OctetString({ valueHex: salt }), new asn1js.Integer({ value: iterations })],
    });
    return { algorithm: new AlgorithmIdentifier({ algorithm: cipher.oid, parameters: parameters.toBER() }), ciphertext };
  }

  const salt = randomBytes(pbes2SaltLength);
  const iv = randomBytes(16);
  const ciphertext = pbes2Encrypt({ salt, iterations, prfOid: oid.hmacWithSHA256, cipherOid: oid.aes256CBC, iv }, password.utf8, plaintext);
  // PBES2-params with PBKDF2-params { salt, iterationCount, prf hmacWithSHA256 }; keyLength is
  // omitted because AES-256 fixes it, as OpenSSL 3 and Node's PKCS#8 export do.
  const parameters = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: oid.pbkdf2 }),
          new asn1js.Sequence({
            value: [
              new asn1js.OctetString({ valueHex: salt }),
              new asn1js.Integer({ value: iterations }),
              new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid.hmacWithSHA256 }), new asn1js.Null()] }),
            ],
          }),
        ],
      }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid.aes256CBC }), new asn1js.OctetString({ valueHex: iv })] }),
    ],
  });
  return { algorithm: new AlgorithmIdentifier({ algorithm: oid.pbes2, parameters: parameters.toBER() }), ciphertext };
}
