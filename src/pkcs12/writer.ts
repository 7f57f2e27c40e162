import { createHash, randomBytes, X509Certificate } from 'node:crypto';

import { ContentInfo, EncryptedContent, EncryptedContentInfo } from '@peculiar/asn1-cms';
import { AuthenticatedSafe, CertBag, MacData, PFX, PKCS12Attribute, SafeBag, SafeContents } from '@peculiar/asn1-pfx';
import { EncryptedData, EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { DigestInfo } from '@peculiar/asn1-rsa';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';

import { Pkcs12PasswordEncodingError, Pkcs12WriteInputError } from './errors.ts';
import { maxIterations } from './limits.ts';
import { computeMac, macDigests } from './mac.ts';
import { oid } from './oids.ts';
import { encryptPart, type PartPassword } from './part-encryption.ts';
import { bmpPassword } from './password-encoding.ts';
import { pkcs12Profiles, profileDefinitions, type ProfileDefinition } from './profiles.ts';
import type { Pkcs12WriteInput } from './types.ts';

/**
 * Writes a PKCS#12 file in strict DER with the algorithms of `input.profile`, in the layout
 * OpenSSL writes, which OpenSSL 3, Node 20 and Java keytool 17 read. The layout is PFX version 3,
 * an authSafe `data` containing [encryptedData with the certificate bags, data with one
 * pkcs8ShroudedKeyBag], and a MAC.
 * friendlyName and localKeyId (SHA-1 of the leaf DER) go on the key bag and the leaf
 * certificate bag, so that keytool lists one PrivateKeyEntry under the friendly name.
 */
export function writePkcs12(input: Pkcs12WriteInput): Uint8Array {
  const profile = checkInput(input);
  const iterations = input.iterations ?? profile.defaultIterations;
  const password: PartPassword = { bmp: bmpPassword(input.password), utf8: Buffer.from(input.password, 'utf8') };

  const leaf = input.certificates[0]!;
  const localKeyId = input.privateKey === undefined ? undefined : createHash('sha1').update(leaf).digest();
  const leafAttributes = attributes(input.friendlyName, localKeyId);

  const certificateBags = input.certificates.map(
    (der, index) =>
      new SafeBag({
        bagId: oid.certBag,
        bagValue: AsnConvert.serialize(new CertBag({ certId: oid.x509Certificate, certValue: new asn1js.OctetString({ valueHex: der }).toBER() })),
        bagAttributes: index === 0 ? leafAttributes : undefined,
      }),
  );
  const certificateSafe = encryptPart(profile.certificates, password, iterations, profile.saltLength, serialize(new SafeContents(certificateBags)));
  const safes = [encryptedDataContentInfo(certificateSafe.algorithm, certificateSafe.ciphertext)];

  if (input.privateKey !== undefined) {
    const privateKeyInfo = input.privateKey.export({ format: 'der', type: 'pkcs8' });
    const encryptedKey = encryptPart(profile.key, password, iterations, profile.saltLength, privateKeyInfo);
    const keyBag = new SafeBag({
      bagId: oid.pkcs8ShroudedKeyBag,
      bagValue: AsnConvert.serialize(
        new EncryptedPrivateKeyInfo({ encryptionAlgorithm: encryptedKey.algorithm, encryptedData: new EncryptedData(encryptedKey.ciphertext) }),
      ),
      bagAttributes: leafAttributes,
    });
    safes.push(dataContentInfo(serialize(new SafeContents([keyBag]))));
  }

  const authSafe = serialize(new AuthenticatedSafe(safes));
  const macSalt = randomBytes(profile.saltLength);
  const macDigest = [...macDigests.entries()].find(([, digest]) => digest.name === profile.mac)!;
  const mac = computeMac(macDigest[1].digest, password.bmp, macSalt, iterations, authSafe);

  const pfx = new PFX({
    version: 3,
    authSafe: dataContentInfo(authSafe),
    macData: new MacData({
      mac: new DigestInfo({ digestAlgorithm: new AlgorithmIdentifier({ algorithm: macDigest[0], parameters: null }), digest: new OctetString(mac) }),
      macSalt: new OctetString(macSalt),
      iterations,
    }),
  });
  return serialize(pfx);
}

function checkInput(input: Pkcs12WriteInput): ProfileDefinition {
  if (!pkcs12Profiles.includes(input.profile)) {
    throw new Pkcs12WriteInputError('ERR_PKCS12_PROFILE', `unknown PKCS#12 profile "${String(input.profile)}"`, `Use one of: ${pkcs12Profiles.join(', ')}.`);
  }
  if (typeof input.password !== 'string') {
    throw new Pkcs12WriteInputError('ERR_PASSWORD_MISSING', 'no password was given for the PKCS#12 file', 'Pass a password; use "" for a file with the empty password.');
  }
  bmpPassword(input.password);
  const iterations = input.iterations;
  if (iterations !== undefined && (!Number.isInteger(iterations) || iterations < 1 || iterations > maxIterations)) {
    throw new Pkcs12WriteInputError(
      'ERR_PKCS12_ITERATIONS',
      `the iteration count ${iterations} is not an integer from 1 to ${maxIterations}`,
      'Give a whole number of iterations; 2048 is what OpenSSL writes.',
    );
  }
  if (input.certificates.length === 0) {
    throw new Pkcs12WriteInputError('ERR_PKCS12_NO_CERTIFICATE', 'a PKCS#12 file needs at least one certificate', 'Pass the leaf certificate first, then its chain.');
  }
  const certificates = input.certificates.map((der, index) => {
    let certificate: X509Certificate | undefined;
    let reason = 'the bytes are not exactly one DER certificate';
    try {
      certificate = new X509Certificate(der);
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    // X509Certificate also accepts PEM, which must not end up inside a certificate bag.
    if (certificate === undefined || !certificate.raw.equals(der)) {
      throw new Pkcs12WriteInputError('ERR_PKCS12_CERTIFICATE', `certificate ${index + 1} is not a DER X.509 certificate`, 'Pass each certificate as DER bytes (decode PEM first).', {
        index,
        reason,
      });
    }
    return certificate;
  });
  if (input.privateKey !== undefined) {
    if (input.privateKey.type !== 'private') {
      throw new Pkcs12WriteInputError('ERR_PKCS12_KEY', `the key is a ${input.privateKey.type} key, not a private key`, 'Pass the private key that belongs to the leaf certificate.');
    }
    if (!certificates[0]!.checkPrivateKey(input.privateKey)) {
      throw new Pkcs12WriteInputError(
        'ERR_PKCS12_KEY_MISMATCH',
        `the private key does not belong to the first certificate (${certificates[0]!.subject.replaceAll('\n', ', ')})`,
        'Put the leaf certificate of this key first in the certificate list.',
      );
    }
  }
  if (input.friendlyName !== undefined && /[\ud800-\udfff]/.test(input.friendlyName)) {
    throw new Pkcs12PasswordEncodingError('the friendly name contains a character outside the Unicode Basic Multilingual Plane');
  }
  return profileDefinitions[input.profile];
}

/**
 * Builds the bag attributes in DER order. SET OF must be sorted by encoding, and asn1-schema
 * keeps the given order. PKCS12Attribute in asn1-pfx 2.11.1 ignores its constructor argument,
 * so the fields are set after construction.
 */
function attributes(friendlyName: string | undefined, localKeyId: Buffer | undefined): PKCS12Attribute[] | undefined {
  const list: PKCS12Attribute[] = [];
  if (friendlyName !== undefined) list.push(attribute(oid.friendlyName, new asn1js.BmpString({ value: friendlyName }).toBER()));
  if (localKeyId !== undefined) list.push(attribute(oid.localKeyId, new asn1js.OctetString({ valueHex: localKeyId }).toBER()));
  if (list.length === 0) return undefined;
  return list
    .map((item) => ({ item, encoding: serialize(item) }))
    .sort((left, right) => Buffer.compare(left.encoding, right.encoding))
    .map(({ item }) => item);
}

function attribute(attrId: string, value: ArrayBuffer): PKCS12Attribute {
  const result = new PKCS12Attribute();
  result.attrId = attrId;
  result.attrValues = [value];
  return result;
}

function dataContentInfo(content: Uint8Array): ContentInfo {
  return new ContentInfo({ contentType: oid.data, content: new asn1js.OctetString({ valueHex: content }).toBER() });
}

/** asn1-cms has no EncryptedData class, so SEQUENCE { version 0, EncryptedContentInfo } is built here. */
function encryptedDataContentInfo(algorithm: AlgorithmIdentifier, ciphertext: Buffer): ContentInfo {
  const encryptedContentInfo = serialize(
    new EncryptedContentInfo({
      contentType: oid.data,
      contentEncryptionAlgorithm: algorithm,
      encryptedContent: new EncryptedContent({ value: new OctetString(ciphertext) }),
    }),
  );
  const encryptedData = derSequence(Buffer.from([0x02, 0x01, 0x00]), encryptedContentInfo);
  return new ContentInfo({ contentType: oid.encryptedData, content: toArrayBuffer(encryptedData) });
}

function derSequence(...parts: Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function serialize(value: unknown): Buffer {
  return Buffer.from(AsnConvert.serialize(value));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
