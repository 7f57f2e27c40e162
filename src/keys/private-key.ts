import { createPrivateKey, type KeyObject } from 'node:crypto';

import { AicoreMtlsError, PasswordIncorrectError, PasswordMissingError } from '../errors.ts';
import type { PasswordProvider } from '../password.ts';
import { registerSecret } from '../redact.ts';
import { encodePem, type PemBlock } from '../text/pem.ts';
import { DerError, derChildren, derTag, readDerExact } from '../x509/der.ts';
import { describePkcs8Encryption, describeTraditionalEncryption, type KeyEncryption } from './key-encryption.ts';

export type PrivateKeyEncoding = 'pkcs1' | 'pkcs8' | 'sec1' | 'encrypted-pkcs8' | 'traditional-encrypted' | 'pkcs12';

export interface DecodedPrivateKey {
  keyObject: KeyObject;
  encoding: PrivateKeyEncoding;
  /** Encryption scheme of the key in the input; absent for a plain key. */
  protection?: string;
  /** Weaknesses of the input's protection, as sentences for the user. */
  warnings: string[];
}

export interface KeyReadContext {
  /** Source of the key for messages: a file path or `field "key" of key.json`. */
  origin: string;
  passwords: PasswordProvider;
}

/** PEM labels of private keys, with the DER structure each holds. */
export const privateKeyLabels: Readonly<Record<string, 'pkcs8' | 'encrypted-pkcs8' | 'pkcs1' | 'sec1'>> = {
  'PRIVATE KEY': 'pkcs8',
  'ENCRYPTED PRIVATE KEY': 'encrypted-pkcs8',
  'RSA PRIVATE KEY': 'pkcs1',
  'EC PRIVATE KEY': 'sec1',
};

/** Labels of private keys this reader rejects with an explanation instead of ignoring them. */
export const unsupportedPrivateKeyLabels: Readonly<Record<string, string>> = {
  'OPENSSH PRIVATE KEY': 'an OpenSSH private key; convert it with "ssh-keygen -p -m PKCS8 -f FILE" (this rewrites FILE in place)',
  'DSA PRIVATE KEY': 'a DSA private key; SAP BTP client certificates use RSA or EC keys',
};

/** Decodes a private key PEM block, asking for a password only when the block is encrypted. */
export async function readPrivateKeyBlock(block: PemBlock, context: KeyReadContext): Promise<DecodedPrivateKey> {
  registerKeySecret(block.der);
  const structure = privateKeyLabels[block.label];
  if (structure === undefined) {
    throw new AicoreMtlsError('ERR_KEY_UNSUPPORTED', `${context.origin}: PEM block ${block.position} ("${block.label}") is not a private key format this tool reads`, {
      fix: 'Export the key as PKCS#8 ("BEGIN PRIVATE KEY" or "BEGIN ENCRYPTED PRIVATE KEY").',
      details: { origin: context.origin, label: block.label },
    });
  }

  const procType = block.headers['Proc-Type'];
  if (procType !== undefined && /ENCRYPTED/i.test(procType) && (structure === 'pkcs1' || structure === 'sec1')) {
    return readTraditionalEncrypted(block, context);
  }
  return readPrivateKeyDer(block.der, structure, context);
}

/** Decodes a DER private key of a known structure. */
export async function readPrivateKeyDer(
  der: Uint8Array,
  structure: 'pkcs8' | 'encrypted-pkcs8' | 'pkcs1' | 'sec1',
  context: KeyReadContext,
): Promise<DecodedPrivateKey> {
  registerKeySecret(der);
  if (structure !== 'encrypted-pkcs8') {
    const keyObject = createKey(context, () => createPrivateKey({ key: Buffer.from(der), format: 'der', type: structure }));
    return { keyObject, encoding: structure, warnings: [] };
  }

  const encryption = inspectEncryption(() => describePkcs8Encryption(der), context);
  const passphrase = await requirePassword(context, encryption);
  const keyObject = decrypt(context, encryption, () =>
    createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8', passphrase }),
  );
  return { keyObject, encoding: 'encrypted-pkcs8', protection: encryption.description, warnings: weaknessWarnings(context, encryption) };
}

/** Recognises the structure of a DER private key from its first elements; undefined when the bytes are no private key. */
export function classifyDerKey(der: Uint8Array): 'pkcs8' | 'encrypted-pkcs8' | 'pkcs1' | 'sec1' | undefined {
  try {
    const parts = derChildren(readDerExact(der));
    const [first, second, third] = parts;
    if (first?.tag === derTag.sequence && second?.tag === derTag.octetString && parts.length === 2) return 'encrypted-pkcs8';
    if (first?.tag !== derTag.integer || first.contents.length !== 1) return undefined;
    const version = first.contents[0];
    if ((version === 0 || version === 1) && second?.tag === derTag.sequence && third?.tag === derTag.octetString) return 'pkcs8';
    if (version === 0 && second?.tag === derTag.integer && parts.length >= 9) return 'pkcs1';
    if (version === 1 && second?.tag === derTag.octetString) return 'sec1';
    return undefined;
  } catch (error) {
    if (error instanceof DerError) return undefined;
    throw error;
  }
}

async function readTraditionalEncrypted(block: PemBlock, context: KeyReadContext): Promise<DecodedPrivateKey> {
  const encryption = describeTraditionalEncryption(block.headers['DEK-Info']);
  if (!encryption.supported) {
    const legacy = encryption.cipher.startsWith('DES-CBC') || encryption.cipher.startsWith('DES-');
    throw new AicoreMtlsError('ERR_KEY_ENCRYPTION_UNSUPPORTED', `${context.origin}: the private key is encrypted with "${encryption.cipher || 'an unknown cipher'}", which this tool cannot decrypt`, {
      fix: legacy
        ? 'Re-encrypt the key as PKCS#8 with AES: openssl pkcs8 -topk8 -v2 aes-256-cbc -provider legacy -provider default -in OLD -out NEW.'
        : 'Re-encrypt the key as PKCS#8 with AES: openssl pkcs8 -topk8 -v2 aes-256-cbc -in OLD -out NEW.',
      details: { origin: context.origin, cipher: encryption.cipher },
    });
  }
  const passphrase = await requirePassword(context, encryption);
  const pem = encodePem(block.label, block.der, block.headers);
  const keyObject = decrypt(context, encryption, () => createPrivateKey({ key: pem, format: 'pem', passphrase }));
  return {
    keyObject,
    encoding: 'traditional-encrypted',
    protection: encryption.description,
    warnings: weaknessWarnings(context, encryption),
  };
}

function inspectEncryption(describe: () => KeyEncryption, context: KeyReadContext): KeyEncryption {
  let encryption: KeyEncryption;
  try {
    encryption = describe();
  } catch (error) {
    throw new AicoreMtlsError('ERR_KEY_INVALID', `${context.origin}: the encrypted private key is damaged (its encryption parameters cannot be read)`, {
      cause: error,
      fix: 'Export the key again from its source.',
      details: { origin: context.origin },
    });
  }
  if (!encryption.supported) {
    throw new AicoreMtlsError('ERR_KEY_ENCRYPTION_UNSUPPORTED', `${context.origin}: the private key is encrypted with ${encryption.description}, which this tool cannot decrypt`, {
      fix: 'Re-encrypt the key with PBES2 and AES-256: openssl pkcs8 -topk8 -v2 aes-256-cbc -provider legacy -provider default -in OLD -out NEW.',
      details: { origin: context.origin, encryption: encryption.description },
    });
  }
  return encryption;
}

async function requirePassword(context: KeyReadContext, encryption: KeyEncryption): Promise<string> {
  const what = `the private key in ${context.origin}`;
  const password = await context.passwords({ subject: what });
  if (password === undefined) {
    throw new PasswordMissingError(what, { details: { origin: context.origin, encryption: encryption.description } });
  }
  return password;
}

function decrypt(context: KeyReadContext, encryption: KeyEncryption, create: () => KeyObject): KeyObject {
  try {
    return create();
  } catch (error) {
    // The algorithm is known to be supported, so any failure here is a wrong password (bad
    // padding, or by chance valid padding over garbage that then fails to decode) or damage.
    throw new PasswordIncorrectError(`the private key in ${context.origin}`, {
      cause: error,
      fix: `Check the password source (--password-file or --password-env). The key uses ${encryption.description}, which this tool reads, so the password is wrong or the key data is damaged.`,
      details: { origin: context.origin, encryption: encryption.description, nodeCode: (error as { code?: unknown }).code },
    });
  }
}

function createKey(context: KeyReadContext, create: () => KeyObject): KeyObject {
  try {
    return create();
  } catch (error) {
    throw new AicoreMtlsError('ERR_KEY_INVALID', `${context.origin}: the private key cannot be read (${(error as { code?: string }).code ?? 'parse error'})`, {
      cause: error,
      fix: 'The key data is damaged or not a private key. Export it again from its source.',
      details: { origin: context.origin },
    });
  }
}

function weaknessWarnings(context: KeyReadContext, encryption: KeyEncryption): string[] {
  return encryption.weaknesses.map(
    (weakness) => `the private key in ${context.origin} is protected by ${encryption.description}: ${weakness}; rewrite it with "aicore-mtls cert convert --to pem" (encrypted PKCS#8 with AES-256)`,
  );
}

/** Registers the key's base64 forms so that no output can print them by accident. */
function registerKeySecret(der: Uint8Array): void {
  const base64 = Buffer.from(der).toString('base64');
  registerSecret(base64);
  // Only full 64-character lines: a short final line could match unrelated text.
  for (const line of base64.match(/.{64}/g) ?? []) registerSecret(line);
}
