import { createHash, KeyObject, webcrypto } from 'node:crypto';

import { AicoreMtlsError } from '../errors.ts';
import { generateKeyPair, toPem } from '../x509/certificate-authority.ts';
import { x509 } from '../x509/peculiar.ts';
import { formatDistinguishedName, valueEncoding, type DistinguishedName } from './distinguished-name.ts';
import { buildCsrSubject } from './subject.ts';
import { formatSubjectAltName, parseSubjectAltName, type SubjectAltName } from './subject-alt-names.ts';

/**
 * Key types `cert csr` generates. RSA comes first because older CommonCryptoLib builds (the
 * crypto library behind STRUST) fail on ECDSA keys.
 */
export const csrKeyTypes = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256'] as const;
export type CsrKeyType = (typeof csrKeyTypes)[number];
export const defaultCsrKeyType: CsrKeyType = 'rsa-2048';

export interface CreateCsrOptions {
  /** CN value (`--cn`). */
  commonName?: string;
  /** Full RFC 4514 subject (`--subject`); see buildCsrSubject for how it combines with commonName. */
  subject?: string;
  keyType?: CsrKeyType;
  /** `--san` values such as `dns:host.example.com`. */
  subjectAltNames?: string[];
}

export interface CreatedCsr {
  /** PEM of the PKCS#10 request, LF line endings. */
  csrPem: string;
  csrDer: Uint8Array;
  /** The subject as an RFC 4514 string. */
  subject: string;
  subjectAltNames: string[];
  keyType: CsrKeyType;
  /** `sha256WithRSAEncryption` or `ecdsa-with-SHA256`, as OpenSSL names them. */
  signatureAlgorithm: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo, colon-separated upper-case hex. */
  publicKeySha256: string;
  /** The new private key. Callers encode it with encodePrivateKeyPem and never print it. */
  privateKey: KeyObject;
}

/**
 * Generates a key pair and a PKCS#10 CSR signed with SHA-256. The request names key usage
 * digitalSignature (plus keyEncipherment for RSA, which RSA key exchange in TLS 1.2 needs) and
 * extended key usage clientAuth. The signature is checked before the request is returned.
 */
export async function createCertificateSigningRequest(options: CreateCsrOptions): Promise<CreatedCsr> {
  const name = buildCsrSubject({ commonName: options.commonName, subject: options.subject });
  const altNames = (options.subjectAltNames ?? []).map(parseSubjectAltName);
  const keyType = options.keyType ?? defaultCsrKeyType;
  const { keys } = await generateKeyPair(keyType, 'SHA-256');
  const isRsa = keyType.startsWith('rsa-');

  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: toPeculiarName(name),
    keys,
    signingAlgorithm: isRsa ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : ({ name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams),
    extensions: requestedExtensions(isRsa, altNames),
  });
  if (!(await csr.verify())) {
    throw new AicoreMtlsError('ERR_CSR_SIGNATURE', 'the generated CSR does not verify with its own public key', {
      fix: 'Run the command again; if it fails again, report it with the Node.js version (node --version).',
    });
  }

  const csrDer = new Uint8Array(csr.rawData);
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  return {
    csrPem: toPem('CERTIFICATE REQUEST', csrDer),
    csrDer,
    subject: formatDistinguishedName(name),
    subjectAltNames: altNames.map(formatSubjectAltName),
    keyType,
    signatureAlgorithm: isRsa ? 'sha256WithRSAEncryption' : 'ecdsa-with-SHA256',
    publicKeySha256: fingerprint(spki),
    privateKey: KeyObject.from(keys.privateKey as unknown as webcrypto.CryptoKey),
  };
}

/** SHA-256 over DER bytes as colon-separated upper-case hex, the form OpenSSL prints. */
export function fingerprint(der: Uint8Array): string {
  const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
  return hex.match(/../g)!.join(':');
}

/**
 * Converts the name to @peculiar/x509's object form, in encoding order (the reverse of the RFC
 * 4514 string). Values go in as typed strings, so the library applies no escape processing of
 * its own (its string and plain-JSON forms strip backslashes and quotes and treat a leading `#`
 * as hex).
 */
function toPeculiarName(name: DistinguishedName): x509.Name {
  const json: x509.JsonNameParams = [...name].reverse().map((rdn) => {
    const entry: Record<string, x509.JsonAttributeObject[]> = {};
    for (const attribute of rdn) {
      (entry[attribute.oid] ??= []).push({ [valueEncoding(attribute)]: attribute.value });
    }
    return entry;
  });
  return new x509.Name(json);
}

function requestedExtensions(isRsa: boolean, altNames: SubjectAltName[]): x509.Extension[] {
  const usage = x509.KeyUsageFlags;
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(usage.digitalSignature | (isRsa ? usage.keyEncipherment : 0), true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
  ];
  if (altNames.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(altNames, false));
  return extensions;
}
