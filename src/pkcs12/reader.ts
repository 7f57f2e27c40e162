import { X509Certificate } from 'node:crypto';

import { AicoreMtlsError } from '../errors.ts';
import { logDebug } from '../diagnostics.ts';
import type { PasswordProvider } from '../password.ts';
import { parseSafeContents, type ParsedSafeContents, type SafeBagEntry } from './bags.ts';
import { BerReader } from './ber.ts';
import type { EncryptionScheme } from './encryption.ts';
import { Pkcs12FormatError } from './errors.ts';
import { WorkBudget } from './limits.ts';
import { oid } from './oids.ts';
import { noMacWarning, PasswordSession } from './password-session.ts';
import { parsePfx, type SafeEnvelope } from './pfx.ts';
import { importPrivateKeyInfo } from './private-key.ts';
import { matchProfile } from './profiles.ts';
import type { Pkcs12Certificate, Pkcs12Contents, Pkcs12Encryption, Pkcs12Key } from './types.ts';

/**
 * Checks cheaply whether bytes start like a PFX: SEQUENCE { INTEGER 3, ContentInfo { OID
 * 1.2.840.113549.1.7.1 (data) or .7.2 (signedData) … } }. A true result does not promise that
 * the file is intact.
 */
export function looksLikePkcs12(bytes: Uint8Array): boolean {
  let offset = skipHeader(bytes, 0, 0x30);
  if (offset === undefined) return false;
  if (bytes[offset] !== 0x02 || bytes[offset + 1] !== 0x01 || bytes[offset + 2] !== 0x03) return false;
  offset = skipHeader(bytes, offset + 3, 0x30);
  if (offset === undefined) return false;
  const dataPrefix = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07];
  if (!dataPrefix.every((byte, index) => bytes[offset! + index] === byte)) return false;
  const last = bytes[offset + dataPrefix.length];
  return last === 0x01 || last === 0x02;
}

/** Returns the offset after the tag and length of an element with `tag`, or undefined. */
function skipHeader(bytes: Uint8Array, offset: number, tag: number): number | undefined {
  if (bytes[offset] !== tag) return undefined;
  const first = bytes[offset + 1];
  if (first === undefined) return undefined;
  if (first <= 0x80) return offset + 2;
  const lengthBytes = first & 0x7f;
  return lengthBytes <= 4 ? offset + 2 + lengthBytes : undefined;
}

/**
 * Reads a PKCS#12 file (RFC 7292) in BER or DER: verifies the MAC before decrypting anything,
 * decrypts the safes and key bags, and reports every algorithm and iteration count found.
 * `passwords` is called at most once, and only when the file has a MAC or encrypted parts.
 * Every failure is an AicoreMtlsError (ERR_PKCS12_*, ERR_PASSWORD_MISSING, ERR_PASSWORD_INCORRECT),
 * except errors thrown by `passwords` itself, which pass through unchanged.
 */
export async function readPkcs12(bytes: Uint8Array, passwords: PasswordProvider, options: { source?: string } = {}): Promise<Pkcs12Contents> {
  const source = options.source;
  const budget = new WorkBudget(source);
  const warnings: string[] = [];
  let session: PasswordSession | undefined;
  try {
    if (!(bytes instanceof Uint8Array)) throw new Pkcs12FormatError(source, 'the input is not a byte array');
    const reader = new BerReader(source);
    const structure = parsePfx(reader, bytes, budget);
    session = new PasswordSession(source, passwords, budget, warnings, structure.mac !== undefined);

    // Plain safes are parsed before the password is requested, so that unsupported algorithms
    // inside them fail without a prompt.
    const plainContents = new Map<number, ParsedSafeContents>();
    for (const safe of structure.safes) {
      if (safe.kind === 'plain') plainContents.set(safe.index, parseSafeContents(reader, safe.contents, `safe ${safe.index + 1}`, budget));
    }
    const needsPassword =
      structure.mac !== undefined ||
      structure.safes.some((safe) => safe.kind === 'encrypted') ||
      [...plainContents.values()].some((parsed) => parsed.bags.some((bag) => bag.type === 'shrouded-key'));
    if (needsPassword) await session.request();

    if (structure.mac === undefined) warnings.push(noMacWarning);
    else session.verifyMac(structure.mac, structure.authSafeContent);

    const contents: Pkcs12Contents = {
      certificates: [],
      keys: [],
      algorithms: { mac: null, encryptions: [] },
      warnings,
    };
    if (structure.mac !== undefined) {
      contents.algorithms.mac = { digest: structure.mac.name, iterations: structure.mac.iterations, saltLength: structure.mac.salt.length };
    }
    for (const safe of structure.safes) {
      const parsed = plainContents.get(safe.index) ?? decryptSafe(reader, session, safe, budget);
      addSafe(reader, session, safe, parsed, contents);
    }

    contents.algorithms.profile = matchProfile(contents.algorithms);
    if (structure.trailingBytes > 0) warnings.push(`${structure.trailingBytes} zero bytes after the end of the PKCS#12 structure were ignored`);
    if (contents.certificates.length === 0 && contents.keys.length === 0) warnings.push('the file contains no certificates and no private keys');
    logDebug('pkcs12', 'read PKCS#12', {
      source,
      certificates: contents.certificates.length,
      keys: contents.keys.length,
      algorithms: contents.algorithms,
    });
    return contents;
  } catch (error) {
    if (error instanceof AicoreMtlsError) throw error;
    if (session !== undefined && session.providerError === error) throw error;
    throw new Pkcs12FormatError(source, 'its structure could not be read', { cause: error });
  }
}

function decryptSafe(reader: BerReader, session: PasswordSession, safe: SafeEnvelope, budget: WorkBudget): ParsedSafeContents {
  if (safe.kind !== 'encrypted') throw new Error('decryptSafe called for a plain safe');
  const what = `safe ${safe.index + 1}`;
  return session.decrypt(safe.scheme, safe.ciphertext, `the encrypted ${what}`, (plaintext) => {
    const parsed = parseSafeContents(reader, plaintext, what, budget);
    for (const bag of parsed.bags) if (bag.type === 'certificate') checkCertificate(reader, bag.der, what);
    return parsed;
  });
}

/** Adds the entries of one safe to the report and its certificates and keys to the result. */
function addSafe(reader: BerReader, session: PasswordSession, safe: SafeEnvelope, parsed: ParsedSafeContents, contents: Pkcs12Contents): void {
  const certificatesOnly = parsed.bags.length > 0 && parsed.bags.every((bag) => bag.type === 'certificate');
  const part = certificatesOnly ? 'certificates' : 'safe';
  if (safe.kind === 'plain') {
    contents.algorithms.encryptions.push({ part, algorithm: 'none', oid: oid.data, weak: false });
  } else {
    contents.algorithms.encryptions.push(encryptionEntry(part, safe.scheme, contents.warnings));
  }
  contents.warnings.push(...parsed.warnings);
  for (const skipped of parsed.skipped) contents.warnings.push(`skipped ${skipped}`);
  if (safe.kind === 'plain' && certificatesOnly) contents.warnings.push(`the certificates in safe ${safe.index + 1} are not encrypted`);

  for (const bag of parsed.bags) addBag(reader, session, safe, bag, contents);
}

function addBag(reader: BerReader, session: PasswordSession, safe: SafeEnvelope, bag: SafeBagEntry, contents: Pkcs12Contents): void {
  switch (bag.type) {
    case 'certificate': {
      if (safe.kind === 'plain') checkCertificate(reader, bag.der, `safe ${safe.index + 1}`);
      const certificate: Pkcs12Certificate = { der: bag.der, ...bag.attributes };
      contents.certificates.push(certificate);
      return;
    }
    case 'key': {
      const key: Pkcs12Key = { privateKey: importPrivateKeyInfo(reader, bag.privateKeyInfo, `key bag in safe ${safe.index + 1}`), ...bag.attributes };
      contents.keys.push(key);
      const protectedBySafe = safe.kind === 'encrypted';
      contents.algorithms.encryptions.push({ part: 'key', algorithm: 'none', oid: oid.keyBag, weak: !protectedBySafe });
      if (!protectedBySafe) contents.warnings.push(`the private key in safe ${safe.index + 1} is stored unencrypted`);
      return;
    }
    case 'shrouded-key': {
      contents.algorithms.encryptions.push(encryptionEntry('key', bag.scheme, contents.warnings));
      const privateKey = session.decrypt(bag.scheme, bag.ciphertext, `the private key (${bag.what})`, (plaintext) =>
        importPrivateKeyInfo(reader, plaintext, bag.what),
      );
      contents.keys.push({ privateKey, ...bag.attributes });
    }
  }
}

const partNames = { key: 'the private key', certificates: 'the certificates', safe: 'a safe' } as const;

function encryptionEntry(part: Pkcs12Encryption['part'], scheme: EncryptionScheme, warnings: string[]): Pkcs12Encryption {
  const name = partNames[part];
  if (scheme.weakness !== undefined) {
    warnings.push(`${name} ${part === 'certificates' ? 'are' : 'is'} encrypted with ${scheme.name}, which is weak: ${scheme.weakness}`);
  }
  if (scheme.needsLegacyProvider) {
    warnings.push(
      `${scheme.name} (used for ${name}) is rejected by Node 17 and later and by OpenSSL 3 unless the legacy provider is loaded; export the file again with the strust or modern profile`,
    );
  }
  return { part, algorithm: scheme.name, oid: scheme.oid, iterations: scheme.iterations, weak: scheme.weakness !== undefined };
}

function checkCertificate(reader: BerReader, der: Uint8Array, what: string): void {
  try {
    new X509Certificate(der);
  } catch (error) {
    reader.fail(`a certificate bag in ${what}`, 'does not contain a valid X.509 certificate', error);
  }
}
