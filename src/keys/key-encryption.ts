import { decodeOid, decodeSmallInteger, derChildren, derTag, expectTag, readDerExact, type DerNode } from '../x509/der.ts';
import { oidName } from '../x509/oids.ts';

/** The protection of an encrypted private key, as far as the reader needs it before decrypting. */
export interface KeyEncryption {
  /** Human description such as `PBES2 (PBKDF2 with hmacWithSHA256, 2048 iterations, aes-256-cbc)`. */
  description: string;
  /** Whether Node's crypto (OpenSSL 3 without the legacy provider) can decrypt it. */
  supported: boolean;
  /** Weaknesses worth a warning; empty when none. */
  weaknesses: string[];
}

const pbes2 = '1.2.840.113549.1.5.13';
const pbkdf2 = '1.2.840.113549.1.5.12';
const scrypt = '1.3.6.1.4.1.11591.4.11';
const hmacWithSha1 = '1.2.840.113549.2.7';

/** Ciphers inside PBES2 that OpenSSL 3 decrypts with its default provider. */
const pbes2Ciphers = new Set([
  '2.16.840.1.101.3.4.1.2',
  '2.16.840.1.101.3.4.1.22',
  '2.16.840.1.101.3.4.1.42',
  '1.2.840.113549.3.7',
]);
const pbkdf2Prfs = new Set([hmacWithSha1, '1.2.840.113549.2.8', '1.2.840.113549.2.9', '1.2.840.113549.2.10', '1.2.840.113549.2.11']);

/** PKCS#12 PBE schemes used directly in PKCS#8: only the two 3DES ones work without the legacy provider. */
const pkcs12Schemes: Record<string, boolean> = {
  '1.2.840.113549.1.12.1.1': false,
  '1.2.840.113549.1.12.1.2': false,
  '1.2.840.113549.1.12.1.3': true,
  '1.2.840.113549.1.12.1.4': true,
  '1.2.840.113549.1.12.1.5': false,
  '1.2.840.113549.1.12.1.6': false,
};

/** Below this PBKDF2 iteration count a password can be guessed quickly; OpenSSL has defaulted to 2048 since 1.1. */
const minimumIterations = 1000;

/** Describes the encryption of a DER EncryptedPrivateKeyInfo. Throws DerError when it is malformed. */
export function describePkcs8Encryption(der: Uint8Array): KeyEncryption {
  const [algorithm] = derChildren(expectTag(readDerExact(der), derTag.sequence, 'EncryptedPrivateKeyInfo'));
  const [oidNode, parameters] = derChildren(expectTag(algorithm, derTag.sequence, 'encryptionAlgorithm'));
  const oid = decodeOid(expectTag(oidNode, derTag.oid, 'algorithm').contents);

  if (oid === pbes2 && parameters) return describePbes2(parameters);
  if (oid in pkcs12Schemes) {
    const iterations = pbeIterations(parameters);
    const weaknesses = ['it uses PKCS#12 password-based encryption with SHA-1, an old scheme'];
    if (iterations < minimumIterations) weaknesses.push(`only ${iterations} key derivation iterations`);
    return { description: `${oidName(oid)}, ${iterations} iterations`, supported: pkcs12Schemes[oid]!, weaknesses };
  }
  return {
    description: oidName(oid),
    supported: false,
    weaknesses: [`it uses ${oidName(oid)}, an obsolete scheme (PKCS#5 v1.5) that OpenSSL 3 decrypts only with its legacy provider`],
  };
}

function describePbes2(parameters: DerNode): KeyEncryption {
  const [kdf, scheme] = derChildren(expectTag(parameters, derTag.sequence, 'PBES2-params'));
  const [kdfOidNode, kdfParameters] = derChildren(expectTag(kdf, derTag.sequence, 'keyDerivationFunc'));
  const kdfOid = decodeOid(expectTag(kdfOidNode, derTag.oid, 'keyDerivationFunc').contents);
  const [cipherOidNode] = derChildren(expectTag(scheme, derTag.sequence, 'encryptionScheme'));
  const cipherOid = decodeOid(expectTag(cipherOidNode, derTag.oid, 'encryptionScheme').contents);
  const cipher = oidName(cipherOid);
  const weaknesses: string[] = [];

  if (kdfOid === scrypt) {
    return { description: `PBES2 (scrypt, ${cipher})`, supported: pbes2Ciphers.has(cipherOid), weaknesses };
  }
  if (kdfOid !== pbkdf2 || kdfParameters === undefined) {
    return { description: `PBES2 (${oidName(kdfOid)}, ${cipher})`, supported: false, weaknesses };
  }

  const kdfParts = derChildren(expectTag(kdfParameters, derTag.sequence, 'PBKDF2-params'));
  const iterations = decodeSmallInteger(expectTag(kdfParts[1], derTag.integer, 'iterationCount'));
  const prfNode = kdfParts.slice(2).find((part) => part.tag === derTag.sequence);
  const prfOid = prfNode ? decodeOid(expectTag(derChildren(prfNode)[0], derTag.oid, 'prf').contents) : hmacWithSha1;

  if (iterations < minimumIterations) weaknesses.push(`only ${iterations} PBKDF2 iterations`);
  if (cipherOid === '1.2.840.113549.3.7') weaknesses.push('it is encrypted with 3DES rather than AES');
  return {
    description: `PBES2 (PBKDF2 with ${oidName(prfOid)}, ${iterations} iterations, ${cipher})`,
    supported: pbes2Ciphers.has(cipherOid) && pbkdf2Prfs.has(prfOid),
    weaknesses,
  };
}

function pbeIterations(parameters: DerNode | undefined): number {
  if (parameters === undefined) return 0;
  const [, iterations] = derChildren(expectTag(parameters, derTag.sequence, 'PBEParameter'));
  return decodeSmallInteger(expectTag(iterations, derTag.integer, 'iterations'));
}

/** DEK-Info ciphers of traditional `Proc-Type: 4,ENCRYPTED` keys that OpenSSL 3 decrypts without the legacy provider. */
const traditionalCiphers = new Set(['DES-EDE3-CBC', 'AES-128-CBC', 'AES-192-CBC', 'AES-256-CBC']);

/** Describes a traditional encrypted PEM key from its `DEK-Info` header (`AES-256-CBC,<iv hex>`). */
export function describeTraditionalEncryption(dekInfo: string | undefined): KeyEncryption & { cipher: string } {
  const cipher = (dekInfo ?? '').split(',')[0]!.trim().toUpperCase();
  return {
    cipher,
    description: `traditional OpenSSL PEM encryption (${cipher || 'no DEK-Info header'})`,
    supported: traditionalCiphers.has(cipher),
    weaknesses: [
      'its key is derived from the password with a single MD5 round (OpenSSL EVP_BytesToKey), which makes password guessing cheap',
    ],
  };
}
