import type { BerReader, Element } from './ber.ts';
import { parseEncryptionScheme, type EncryptionScheme } from './encryption.ts';
import { Pkcs12UnsupportedAlgorithmError } from './errors.ts';
import type { WorkBudget } from './limits.ts';
import { parseMacData, type MacParameters } from './mac.ts';
import { describeOid, oid } from './oids.ts';

/** One ContentInfo of the AuthenticatedSafe, before any decryption. */
export type SafeEnvelope =
  | { kind: 'plain'; index: number; contents: Uint8Array }
  | { kind: 'encrypted'; index: number; scheme: EncryptionScheme; ciphertext: Uint8Array };

/** The outer layers of a PFX, parsed without the password. */
export interface PfxStructure {
  /** Content octets of the authSafe `data`: the MAC input and the DER of the AuthenticatedSafe. */
  authSafeContent: Uint8Array;
  mac?: MacParameters;
  safes: SafeEnvelope[];
  /** Bytes after the end of the PFX SEQUENCE, which the reader ignores. */
  trailingBytes: number;
}

/** Upper bound on ContentInfos in the AuthenticatedSafe; real files have one to three. */
const maxSafes = 64;

/**
 * Parses PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData MacData OPTIONAL }
 * and the AuthenticatedSafe inside it (RFC 7292 sections 4 and 5).
 */
export function parsePfx(reader: BerReader, bytes: Uint8Array, budget: WorkBudget): PfxStructure {
  let trailingBytes = 0;
  const pfx = reader.decode(bytes, 'the PFX', (count) => {
    trailingBytes = count;
  });
  const fields = reader.sequence(pfx, 'the PFX', 2, 3);
  const version = reader.integer(fields[0], 'the PFX version', 0, 255);
  if (version !== 3) reader.fail('the PFX version', `is ${version}; RFC 7292 defines only version 3`);

  const [contentTypeElement, contentElement] = reader.sequence(fields[1], 'the authSafe ContentInfo', 1, 2);
  const contentType = reader.oid(contentTypeElement, 'the authSafe content type');
  if (contentType !== oid.data) {
    throw new Pkcs12UnsupportedAlgorithmError(reader.source, `${describeOid(contentType)} for the authSafe`, contentType, {
      fix: 'Only password integrity mode is supported. Export the file again with a password (for example with "openssl pkcs12 -export").',
    });
  }
  const authSafeContent = reader.octetString(reader.explicit(contentElement, 0, 'the authSafe content'), 'the authSafe content');
  const mac = fields[2] === undefined ? undefined : parseMacData(reader, fields[2], budget);

  const authenticatedSafe = reader.decode(authSafeContent, 'the AuthenticatedSafe');
  const contentInfos = reader.sequence(authenticatedSafe, 'the AuthenticatedSafe', 0, maxSafes);
  const safes = contentInfos.map((contentInfo, index) => parseSafeEnvelope(reader, contentInfo, index, budget));
  return { authSafeContent, mac, safes, trailingBytes };
}

function parseSafeEnvelope(reader: BerReader, contentInfo: Element, index: number, budget: WorkBudget): SafeEnvelope {
  const what = `safe ${index + 1}`;
  const [contentTypeElement, contentElement] = reader.sequence(contentInfo, `${what} ContentInfo`, 2, 2);
  const contentType = reader.oid(contentTypeElement, `${what} content type`);
  const content = reader.explicit(contentElement, 0, `${what} content`);

  if (contentType === oid.data) {
    return { kind: 'plain', index, contents: reader.octetString(content, `${what} content`) };
  }
  if (contentType === oid.encryptedData) {
    // EncryptedData ::= SEQUENCE { version INTEGER, encryptedContentInfo EncryptedContentInfo, unprotectedAttrs [1] OPTIONAL }
    const [versionElement, encryptedContentInfo] = reader.sequence(content, `${what} EncryptedData`, 2, 3);
    reader.integer(versionElement, `${what} EncryptedData version`, 0, 2);
    const [innerTypeElement, algorithm, ciphertextElement] = reader.sequence(encryptedContentInfo, `${what} EncryptedContentInfo`, 2, 3);
    const innerType = reader.oid(innerTypeElement, `${what} encrypted content type`);
    if (innerType !== oid.data) reader.fail(`${what} encrypted content type`, `is ${innerType} instead of data (${oid.data})`);
    const scheme = parseEncryptionScheme(reader, algorithm, `the ${what}`, budget);
    if (ciphertextElement === undefined) reader.fail(`${what} encrypted content`, 'is missing');
    const ciphertext = reader.implicitOctetString(ciphertextElement, 0, `${what} encrypted content`);
    return { kind: 'encrypted', index, scheme, ciphertext };
  }
  throw new Pkcs12UnsupportedAlgorithmError(reader.source, `${describeOid(contentType)} for ${what}`, contentType, {
    fix: 'Only password-encrypted (encryptedData) and plain (data) safes are supported. Export the file again with a password.',
  });
}
