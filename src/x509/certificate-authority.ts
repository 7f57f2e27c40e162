import { KeyObject, randomBytes, webcrypto } from 'node:crypto';

import { x509 } from './peculiar.ts';

/** Key algorithms the tool generates, named the way `cert csr --key-type` takes them. */
export const keyTypes = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384'] as const;
export type KeyType = (typeof keyTypes)[number];

/** Digest of the signature a key makes; SHA-1 exists only to build bad certificates in tests. */
export type SignatureHash = 'SHA-256' | 'SHA-384' | 'SHA-512' | 'SHA-1';

export interface GeneratedKeyPair {
  keys: CryptoKeyPair;
  type: KeyType;
}

/** Role a certificate is issued for; it decides basic constraints, key usage and EKU. */
export type CertificateProfile = 'root-ca' | 'intermediate-ca' | 'client' | 'server' | 'client-server';

export interface IssuedCertificate {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
  /** PEM of the certificate alone, LF line endings. */
  certificatePem: string;
  /** Unencrypted PKCS#8 PEM of the private key. */
  privateKeyPem: string;
  /** The private key as a Node KeyObject, for TLS options and signing. */
  privateKey: KeyObject;
}

export interface IssueOptions {
  /** Subject DN in RFC 4514 form, for example `CN=client, O=Example, C=DE`. */
  subject: string;
  profile: CertificateProfile;
  /** The issuing CA; absent means self-signed (only sensible for `root-ca`). */
  issuer?: IssuedCertificate;
  /** Key of the new certificate; generated with `keyType` when absent. */
  keys?: CryptoKeyPair;
  keyType?: KeyType;
  notBefore?: Date;
  notAfter?: Date;
  /** DNS names and IP addresses for the subjectAltName extension. */
  dnsNames?: string[];
  ipAddresses?: string[];
  /** Digest of the issuer's signature; SHA-256 by default (SHA-384 for P-384 issuers). */
  signatureHash?: SignatureHash;
  /** basicConstraints pathLenConstraint for CA profiles. */
  pathLength?: number;
}

const day = 24 * 60 * 60 * 1000;

/** Generates a signing key pair. RSA uses PKCS#1 v1.5 signatures, EC uses ECDSA. */
export async function generateKeyPair(type: KeyType, hash: SignatureHash = defaultHash(type)): Promise<GeneratedKeyPair> {
  const subtle = webcrypto.subtle;
  if (type.startsWith('rsa-')) {
    const keys = (await subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: Number(type.slice(4)),
        publicExponent: new Uint8Array([1, 0, 1]),
        hash,
      },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    return { keys, type };
  }
  const namedCurve = type === 'ec-p256' ? 'P-256' : 'P-384';
  const keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve }, true, ['sign', 'verify'])) as CryptoKeyPair;
  return { keys, type };
}

/** Issues a certificate for the given profile, signed by `options.issuer` or self-signed. */
export async function issueCertificate(options: IssueOptions): Promise<IssuedCertificate> {
  const keys = options.keys ?? (await generateKeyPair(options.keyType ?? 'ec-p256')).keys;
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 365 * day);
  const signingKeys = options.issuer?.keys ?? keys;
  const signingAlgorithm = signingAlgorithmFor(signingKeys.privateKey, options.signatureHash);
  const extensions = await extensionsFor(options, keys);

  // Serial numbers are 16 random bytes with the top bit cleared, so they stay positive.
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const serialNumber = serial.toString('hex');

  const certificate = options.issuer
    ? await x509.X509CertificateGenerator.create({
        serialNumber,
        subject: options.subject,
        issuer: options.issuer.certificate.subject,
        notBefore,
        notAfter,
        publicKey: keys.publicKey,
        signingKey: signingKeys.privateKey,
        signingAlgorithm,
        extensions,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber,
        name: options.subject,
        notBefore,
        notAfter,
        keys,
        signingAlgorithm,
        extensions,
      });

  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const privateKey = KeyObject.from(keys.privateKey as unknown as webcrypto.CryptoKey);
  return {
    certificate,
    keys,
    certificatePem: certificate.toString('pem').replace(/\r\n/g, '\n') + '\n',
    privateKeyPem: toPem('PRIVATE KEY', pkcs8),
    privateKey,
  };
}

/**
 * Issues a certificate for a public key whose private key stays with its owner, as a CA does
 * for a CSR. Same profiles and extensions as `issueCertificate`.
 */
export async function issueCertificateForPublicKey(
  options: Omit<IssueOptions, 'keys' | 'keyType' | 'issuer'> & { publicKey: CryptoKey; issuer: IssuedCertificate },
): Promise<{ certificate: x509.X509Certificate; certificatePem: string }> {
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 365 * day);
  const signingKeys = options.issuer.keys;
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: options.subject,
    issuer: options.issuer.certificate.subject,
    notBefore,
    notAfter,
    publicKey: options.publicKey,
    signingKey: signingKeys.privateKey,
    signingAlgorithm: signingAlgorithmFor(signingKeys.privateKey, options.signatureHash),
    extensions: await extensionsFor(options, { publicKey: options.publicKey } as CryptoKeyPair),
  });
  return { certificate, certificatePem: certificate.toString('pem').replace(/\r\n/g, '\n') + '\n' };
}

/** Encodes DER bytes as a PEM block with 64-character lines and a trailing LF. */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function defaultHash(type: KeyType): SignatureHash {
  return type === 'ec-p384' ? 'SHA-384' : 'SHA-256';
}

function signingAlgorithmFor(key: CryptoKey, hash: SignatureHash | undefined): Algorithm | EcdsaParams {
  if (key.algorithm.name === 'ECDSA') {
    const curve = (key.algorithm as EcKeyAlgorithm).namedCurve;
    return { name: 'ECDSA', hash: hash ?? (curve === 'P-384' ? 'SHA-384' : 'SHA-256') } as EcdsaParams;
  }
  // RSASSA-PKCS1-v1_5 keys carry their digest in the key algorithm; WebCrypto signs with it.
  const keyHash = ((key.algorithm as RsaHashedKeyAlgorithm).hash as Algorithm).name;
  return { name: 'RSASSA-PKCS1-v1_5', hash: hash ?? keyHash } as Algorithm;
}

async function extensionsFor(options: IssueOptions, keys: CryptoKeyPair): Promise<x509.Extension[]> {
  const usage = x509.KeyUsageFlags;
  const extensions: x509.Extension[] = [];
  const isCa = options.profile === 'root-ca' || options.profile === 'intermediate-ca';

  extensions.push(new x509.BasicConstraintsExtension(isCa, isCa ? options.pathLength : undefined, true));
  if (isCa) {
    extensions.push(new x509.KeyUsagesExtension(usage.keyCertSign | usage.cRLSign | usage.digitalSignature, true));
  } else {
    const rsa = keys.publicKey.algorithm.name !== 'ECDSA';
    const flags = usage.digitalSignature | (rsa ? usage.keyEncipherment : 0);
    extensions.push(new x509.KeyUsagesExtension(flags, true));
    const purposes: string[] = [];
    if (options.profile !== 'server') purposes.push(x509.ExtendedKeyUsage.clientAuth);
    if (options.profile !== 'client') purposes.push(x509.ExtendedKeyUsage.serverAuth);
    extensions.push(new x509.ExtendedKeyUsageExtension(purposes, false));
  }

  extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  if (options.issuer) {
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(options.issuer.certificate, false));
  }

  const names = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
  return extensions;
}
