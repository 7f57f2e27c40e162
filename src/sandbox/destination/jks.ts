import { createHash, randomBytes, type KeyObject } from 'node:crypto';

/**
 * A minimal Java KeyStore (JKS) writer, enough for the keystores the Destination service
 * generates: one PrivateKeyEntry with its certificate chain.
 *
 * Format of sun.security.provider.JavaKeyStore, version 2:
 * - header: magic 0xFEEDFEED, version, entry count;
 * - private-key entry: tag 1, alias (Java modified UTF-8 with a 2-byte length), creation time
 *   in epoch milliseconds, the protected key as an EncryptedPrivateKeyInfo, and the chain as
 *   ("X.509", DER) pairs;
 * - trailer: SHA-1 over the UTF-16BE password, the bytes of "Mighty Aphrodite" and everything
 *   before the digest.
 */

/** OID of Sun's proprietary key protector (1.3.6.1.4.1.42.2.17.1.1). */
const keyProtectorOid = Buffer.from([0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x2a, 0x02, 0x11, 0x01, 0x01]);

export interface JksPrivateKeyEntry {
  alias: string;
  privateKey: KeyObject;
  /** DER certificates, leaf first. */
  chain: Uint8Array[];
  /** Entry creation time. */
  date: Date;
}

export function writeJks(entry: JksPrivateKeyEntry, password: string): Buffer {
  const passwordBytes = utf16be(password);
  const parts: Buffer[] = [];
  parts.push(uint32(0xfeedfeed), uint32(2), uint32(1));

  parts.push(uint32(1), javaUtf(entry.alias.toLowerCase()), uint64(entry.date.getTime()));
  const protectedKey = protectKey(entry.privateKey.export({ type: 'pkcs8', format: 'der' }), passwordBytes);
  parts.push(uint32(protectedKey.length), protectedKey);
  parts.push(uint32(entry.chain.length));
  for (const certificate of entry.chain) {
    parts.push(javaUtf('X.509'), uint32(certificate.length), Buffer.from(certificate));
  }

  const body = Buffer.concat(parts);
  const digest = createHash('sha1').update(passwordBytes).update(Buffer.from('Mighty Aphrodite', 'utf8')).update(body).digest();
  return Buffer.concat([body, digest]);
}

/**
 * Sun's KeyProtector: a SHA-1 keystream (SHA-1 of password and previous block, seeded with a
 * 20-byte salt) XORed with the PKCS#8 key, followed by SHA-1(password, plain key) as a check.
 */
function protectKey(plainKey: Buffer, passwordBytes: Buffer): Buffer {
  const salt = randomBytes(20);
  const keystream = Buffer.alloc(plainKey.length);
  let block: Buffer = salt;
  for (let offset = 0; offset < plainKey.length; offset += 20) {
    block = createHash('sha1').update(passwordBytes).update(block).digest();
    block.copy(keystream, offset, 0, Math.min(20, plainKey.length - offset));
  }
  const encrypted = Buffer.alloc(plainKey.length);
  for (let index = 0; index < plainKey.length; index++) encrypted[index] = plainKey[index]! ^ keystream[index]!;
  const check = createHash('sha1').update(passwordBytes).update(plainKey).digest();
  const encryptedData = Buffer.concat([salt, encrypted, check]);

  const algorithm = derSequence(Buffer.concat([keyProtectorOid, Buffer.from([0x05, 0x00])]));
  return derSequence(Buffer.concat([algorithm, derTlv(0x04, encryptedData)]));
}

function derTlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: Buffer;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else if (length < 0x100) header = Buffer.from([tag, 0x81, length]);
  else if (length < 0x10000) header = Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
  else header = Buffer.from([tag, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff]);
  return Buffer.concat([header, content]);
}

function derSequence(content: Buffer): Buffer {
  return derTlv(0x30, content);
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return buffer;
}

function uint64(value: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(value));
  return buffer;
}

function utf16be(text: string): Buffer {
  const buffer = Buffer.alloc(text.length * 2);
  for (let index = 0; index < text.length; index++) buffer.writeUInt16BE(text.charCodeAt(index), index * 2);
  return buffer;
}

/** Java's DataOutput.writeUTF: modified UTF-8 (NUL as C0 80, supplementary characters as surrogate pairs). */
function javaUtf(text: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x01 && code <= 0x7f) bytes.push(code);
    else if (code <= 0x7ff) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  if (bytes.length > 0xffff) throw new RangeError('JKS alias too long');
  return Buffer.concat([uint32(bytes.length).subarray(2), Buffer.from(bytes)]);
}
