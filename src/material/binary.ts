import { AicoreMtlsError } from '../errors.ts';
import { classifyDerKey, readPrivateKeyDer } from '../keys/private-key.ts';
import { certificateFromDer } from '../x509/certificate.ts';
import { DerError, derChildren, derTag, readDer } from '../x509/der.ts';
import { isPkcs7SignedData, pkcs7Certificates } from '../x509/pkcs7.ts';
import type { ReadContext } from './context.ts';
import type { Material } from './types.ts';

export type BinaryKind = 'pkcs12' | 'java-keystore' | 'der';

/**
 * Recognises binary certificate containers from their first bytes. PKCS#12 is a SEQUENCE
 * (definite or BER indefinite length) starting with INTEGER 3 and a PKCS#7 ContentInfo. This
 * sniff does not need the PKCS#12 module, so that module loads only for real PKCS#12 input.
 */
export function sniffBinary(bytes: Uint8Array): BinaryKind | undefined {
  if (bytes.length >= 4 && bytes[0] === 0xfe && bytes[1] === 0xed && bytes[2] === 0xfe && bytes[3] === 0xed) return 'java-keystore';
  if (bytes.length >= 4 && bytes[0] === 0xce && bytes[1] === 0xce && bytes[2] === 0xce && bytes[3] === 0xce) return 'java-keystore';
  if (bytes[0] !== derTag.sequence || bytes.length < 2) return undefined;

  let offset = 2;
  const lengthByte = bytes[1]!;
  if (lengthByte > 0x80) offset += lengthByte & 0x7f;
  const version = bytes.subarray(offset, offset + 3);
  const pkcs7Prefix = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07];
  if (version[0] === 0x02 && version[1] === 0x01 && version[2] === 0x03) {
    const contentInfo = offset + 3;
    if (bytes[contentInfo] === derTag.sequence) {
      const inner = contentInfo + 2 + (bytes[contentInfo + 1]! > 0x80 ? bytes[contentInfo + 1]! & 0x7f : 0);
      if (pkcs7Prefix.every((byte, index) => bytes[inner + index] === byte)) return 'pkcs12';
    }
  }
  return 'der';
}

/**
 * Reads DER input: one or more concatenated certificates, a PKCS#7 certificate bundle, or a
 * private key (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1). Throws an AicoreMtlsError that names
 * what the bytes looked like when they match none of these forms.
 */
export async function readDerMaterial(bytes: Uint8Array, origin: string, context: ReadContext): Promise<Material> {
  const material: Material = { format: 'der', certificates: [], privateKeys: [], repairs: [], warnings: [] };
  let first;
  try {
    first = readDer(bytes, 0);
  } catch (error) {
    throw damaged(origin, error, bytes.length);
  }

  if (first.end === bytes.length && isPkcs7SignedData(bytes)) {
    let certificates: Uint8Array[];
    try {
      certificates = pkcs7Certificates(bytes);
    } catch (error) {
      throw damaged(origin, error, bytes.length);
    }
    material.certificates = certificates.map((der) => certificateFromDer(der, origin));
    if (material.certificates.length === 0) throw empty(origin, 'a PKCS#7 bundle without certificates');
    return material;
  }

  const keyKind = first.end === bytes.length ? classifyDerKey(bytes) : undefined;
  if (keyKind) {
    const key = await readPrivateKeyDer(bytes, keyKind, { origin, passwords: context.passwords });
    material.privateKeys.push({ keyObject: key.keyObject, encoding: key.encoding, origin, ...(key.protection ? { protection: key.protection } : {}) });
    material.warnings.push(...key.warnings);
    return material;
  }

  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.subarray(offset).every((byte) => byte === 0x0a || byte === 0x0d || byte === 0x20 || byte === 0x00)) {
      material.repairs.push({ code: 'TRAILING_BYTES', message: `ignored ${bytes.length - offset} line-break, space or zero bytes after the DER data` });
      break;
    }
    let element;
    try {
      element = readDer(bytes, offset);
    } catch (error) {
      throw damaged(origin, error, bytes.length);
    }
    if (!looksLikeCertificate(element.encoded)) {
      throw new AicoreMtlsError('ERR_MATERIAL_UNRECOGNIZED', `${origin}: the binary data at byte ${offset} is DER but neither a certificate, a PKCS#7 bundle, a private key nor PKCS#12`, {
        fix: 'Give a certificate (PEM or DER), a PEM bundle, a PKCS#12 file or a private key.',
        details: { origin, offset },
      });
    }
    material.certificates.push(certificateFromDer(element.encoded, origin));
    offset = element.end;
  }
  return material;
}

/** Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE, signatureValue BIT STRING }. */
export function looksLikeCertificate(der: Uint8Array): boolean {
  try {
    const parts = derChildren(readDer(der, 0));
    return parts.length === 3 && parts[0]!.tag === derTag.sequence && parts[1]!.tag === derTag.sequence && parts[2]!.tag === derTag.bitString;
  } catch {
    return false;
  }
}

function damaged(origin: string, error: unknown, size: number): AicoreMtlsError {
  const detail = error instanceof DerError ? error.message : String(error);
  return new AicoreMtlsError('ERR_DER_INVALID', `${origin}: the binary (DER) data is damaged or truncated: ${detail} (file size ${size} bytes)`, {
    cause: error,
    fix: 'Copy or download the file again in binary mode; a text-mode transfer or a cut-off download damages DER files.',
    details: { origin, size },
  });
}

function empty(origin: string, what: string): AicoreMtlsError {
  return new AicoreMtlsError('ERR_MATERIAL_EMPTY', `${origin} contains ${what}`, {
    fix: 'Give a file that contains the certificate, its chain or its private key.',
    details: { origin },
  });
}
