import { Pkcs12PasswordEncodingError } from './errors.ts';

/**
 * One way of turning the user's password into bytes. RFC 7292 feeds a BMPString (UTF-16BE plus
 * a two-byte terminator) into its own KDF, while PBES2 (RFC 8018) feeds raw UTF-8 into PBKDF2.
 */
export interface PasswordEncoding {
  kind: 'standard' | 'absent' | 'legacy-bytes';
  /** Input of the PKCS#12 KDF (MAC key, pbeWithSHAAnd… ciphers). */
  bmp: Uint8Array;
  /** Input of PBKDF2 (PBES2). */
  utf8: Uint8Array;
}

/**
 * Encodes a password as RFC 7292 Appendix B.1 requires: UTF-16BE code units followed by 00 00.
 * Characters outside the Basic Multilingual Plane are rejected, because a BMPString cannot hold
 * them and implementations disagree on a substitute.
 */
export function bmpPassword(password: string): Buffer {
  const bytes = Buffer.alloc(password.length * 2 + 2);
  for (let index = 0; index < password.length; index++) {
    const unit = password.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdfff) {
      // NOTE: OpenSSL 3 encodes such characters as UTF-16 surrogate pairs; files written that way are rejected here.
      throw new Pkcs12PasswordEncodingError(
        `it contains a character outside the Unicode Basic Multilingual Plane (position ${index + 1})`,
      );
    }
    bytes.writeUInt16BE(unit, index * 2);
  }
  return bytes;
}

/**
 * Lists the encodings worth trying for a password, most likely first.
 *
 * - `standard`: what RFC 7292 and current OpenSSL write.
 * - `absent`: for the empty password only. OpenSSL distinguishes "no password" (zero-length KDF
 *   input) from "" (the two terminator bytes), and its `pkcs12` command tries both.
 * - `legacy-bytes`: for non-ASCII passwords only. OpenSSL before 1.1.0 widened each UTF-8 byte
 *   to one UTF-16 code unit, so files from those versions need the same mistake to open.
 */
export function passwordEncodings(password: string): PasswordEncoding[] {
  const encodings: PasswordEncoding[] = [
    { kind: 'standard', bmp: bmpPassword(password), utf8: Buffer.from(password, 'utf8') },
  ];
  if (password === '') {
    encodings.push({ kind: 'absent', bmp: Buffer.alloc(0), utf8: Buffer.alloc(0) });
  }
  if (/[^\x00-\x7f]/.test(password)) {
    const widened = Buffer.from(password, 'utf8').toString('latin1');
    encodings.push({ kind: 'legacy-bytes', bmp: bmpPassword(widened), utf8: Buffer.from(widened, 'utf8') });
  }
  return encodings;
}
