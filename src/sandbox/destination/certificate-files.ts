import type { KeyObject } from 'node:crypto';

import { looksLikePkcs12, writePkcs12 } from '../../pkcs12/index.ts';
import { HttpError } from '../http.ts';
import { parseCertificateDer, splitPemCertificates, type ParsedCertificate } from '../tls/parsed-certificate.ts';
import { writeJks } from './jks.ts';

/** File formats the Destination service distinguishes by the extension of `Name`. */
export type CertificateFormat = 'pem' | 'p12' | 'jks';

export function formatOfName(name: string): { extension: string; format: CertificateFormat } | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const extension = name.slice(dot + 1).toLowerCase();
  if (extension === 'pem' || extension === 'crt' || extension === 'cer') return { extension, format: 'pem' };
  if (extension === 'p12' || extension === 'pfx') return { extension, format: 'p12' };
  if (extension === 'jks') return { extension, format: 'jks' };
  return undefined;
}

/** 400 as the certificate endpoints send it: plain text. The sandbox adds the reason after "Bad Request: ". */
export function badRequest(reason: string): HttpError {
  return new HttpError(400, `Bad Request: ${reason}`, reason);
}

export interface GeneratedMaterial {
  /** Absent for the CSR variant, where the key stays with the client. */
  privateKey?: KeyObject;
  /** PEM certificates: leaf, intermediate, root. */
  chainPem: string[];
  password?: string;
  alias: string;
}

/**
 * Builds the file bytes of a generated certificate. `.pem`: the private key first (PKCS#8,
 * encrypted with AES-256-CBC when a password is set), then leaf, intermediate and root.
 * `.p12`/`.pfx`: PKCS#12 in the modern profile. `.jks`: a Java KeyStore.
 */
export function buildCertificateFile(format: CertificateFormat, material: GeneratedMaterial, now: Date): Buffer {
  const chainDer = material.chainPem.map((pem) => splitPemCertificates(pem)[0]!);
  if (format === 'pem') {
    let key = '';
    if (material.privateKey !== undefined) {
      key =
        material.password === undefined
          ? (material.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
          : (material.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: material.password }) as string);
    }
    return Buffer.from(key + material.chainPem.join(''), 'utf8');
  }
  if (material.privateKey === undefined || material.password === undefined) {
    throw new Error('a keystore needs a private key and a password');
  }
  if (format === 'p12') {
    return Buffer.from(
      writePkcs12({ privateKey: material.privateKey, certificates: chainDer, friendlyName: material.alias, password: material.password, profile: 'modern' }),
    );
  }
  return writeJks({ alias: material.alias, privateKey: material.privateKey, chain: chainDer, date: now }, material.password);
}

/** Decodes `Content` strictly: standard base64 only, so a wrongly encoded upload is not silently garbled. */
export function decodeContent(content: unknown): Buffer {
  if (typeof content !== 'string' || content.length === 0) throw badRequest('Content must be a non-empty base64 string');
  const compact = content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw badRequest('Content is not valid base64 (standard alphabet with padding)');
  }
  return Buffer.from(compact, 'base64');
}

/**
 * Checks that an uploaded file matches its extension. PEM and DER files must hold the
 * whole chain: every certificate after the first issues the one before, and the last is a
 * self-signed root. A bundle of self-signed roots only (a trust store) is accepted too.
 * Keystores are checked by their header only, because the upload carries no password.
 */
export function validateUpload(format: CertificateFormat, extension: string, bytes: Buffer): void {
  if (format === 'p12') {
    if (!looksLikePkcs12(bytes)) throw badRequest(`the content of a .${extension} file is not a PKCS#12 keystore`);
    return;
  }
  if (format === 'jks') {
    if (bytes.length < 8 || bytes.readUInt32BE(0) !== 0xfeedfeed) throw badRequest('the content of a .jks file is not a Java KeyStore (magic FEEDFEED)');
    return;
  }

  let certificates: ParsedCertificate[];
  const text = bytes.toString('latin1');
  try {
    if (text.includes('-----BEGIN')) {
      certificates = splitPemCertificates(text).map((der) => parseCertificateDer(der));
    } else {
      certificates = [parseCertificateDer(bytes)];
    }
  } catch {
    throw badRequest(`the content of "${extension}" file contains a certificate that cannot be parsed`);
  }
  if (certificates.length === 0) throw badRequest(`the content of the .${extension} file contains no certificate`);

  const selfSigned = (certificate: ParsedCertificate) =>
    certificate.subjectDer === certificate.issuerDer && certificate.node.verify(certificate.node.publicKey);
  if (certificates.every(selfSigned)) return;
  for (let index = 1; index < certificates.length; index++) {
    const child = certificates[index - 1]!;
    const parent = certificates[index]!;
    if (child.issuerDer !== parent.subjectDer || !child.node.verify(parent.node.publicKey)) {
      throw badRequest(`certificate ${index + 1} ("${parent.subject}") did not issue certificate ${index} ("${child.subject}"); order the chain leaf first`);
    }
  }
  const last = certificates[certificates.length - 1]!;
  if (!selfSigned(last)) {
    throw badRequest(`the file must contain the whole chain up to the root CA; the chain ends at "${last.subject}", issued by "${last.issuer}"`);
  }
}
