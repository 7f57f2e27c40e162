import { PasswordIncorrectError, PasswordMissingError } from '../errors.ts';
import type { PasswordProvider } from '../password.ts';
import { registerSecret } from '../redact.ts';
import type { EncryptionScheme } from './encryption.ts';
import { describeSource, Pkcs12FormatError } from './errors.ts';
import type { WorkBudget } from './limits.ts';
import { macMatches, type MacParameters } from './mac.ts';
import { passwordEncodings, type PasswordEncoding } from './password-encoding.ts';
import { DecryptionFailedError } from './pkcs12-pbe.ts';

export const noMacWarning = "the file has no MAC: the file's integrity is not checked, and a wrong password shows only as a decryption failure";

/**
 * The password state of one read. It calls the provider at most once, verifies the MAC, and
 * decrypts parts with the encoding that worked, trying the other encodings only when needed.
 */
export class PasswordSession {
  private requested = false;
  private given: string | undefined;
  private candidates: PasswordEncoding[] = [];
  private macVerified = false;
  /** Set when the provider itself failed, so that its error passes through unchanged. */
  providerError: unknown;

  constructor(
    private readonly source: string | undefined,
    private readonly provider: PasswordProvider,
    private readonly budget: WorkBudget,
    private readonly warnings: string[],
    private readonly hasMac: boolean,
  ) {}

  private get subject(): string {
    return this.source === undefined ? 'PKCS#12 data' : `PKCS#12 file "${this.source}"`;
  }

  /** Calls the provider once. No password means: try the empty password, as OpenSSL does. */
  async request(): Promise<void> {
    if (this.requested) return;
    this.requested = true;
    try {
      this.given = await this.provider({ subject: this.subject });
    } catch (error) {
      this.providerError = error;
      throw error;
    }
    if (this.given !== undefined) registerSecret(this.given);
    this.candidates = passwordEncodings(this.given ?? '');
  }

  /**
   * Verifies the MAC over the authSafe content octets with each encoding of the password.
   * Throws PasswordMissingError or PasswordIncorrectError when none matches.
   */
  verifyMac(mac: MacParameters, authSafeContent: Uint8Array): void {
    const verified = this.candidates.find((encoding) => {
      this.budget.charge(mac.iterations, 'the MAC');
      return macMatches(mac, encoding.bmp, authSafeContent);
    });
    const details = { mac: mac.name, macIterations: mac.iterations };
    if (verified === undefined) {
      if (this.given === undefined) throw new PasswordMissingError(this.subject, { details });
      throw new PasswordIncorrectError(this.subject, {
        details,
        fix: `The ${mac.name} MAC of the file does not match this password. Check the password source; if the password is certainly right, the file was damaged or changed after it was written.`,
      });
    }
    this.macVerified = true;
    this.preferEncoding(verified);
    this.noteEncoding(verified);
  }

  /**
   * Decrypts one part and parses the plaintext with `parse`. A parse failure counts as a wrong
   * key unless the MAC already proved the password, because a wrong key yields random bytes
   * whose padding is valid about once in 256 tries (always, for RC4).
   */
  decrypt<T>(scheme: EncryptionScheme, ciphertext: Uint8Array, what: string, parse: (plaintext: Buffer) => T): T {
    let lastError: unknown;
    for (const [position, encoding] of this.candidates.entries()) {
      let plaintext: Buffer;
      try {
        plaintext = scheme.decrypt(encoding, ciphertext);
      } catch (error) {
        if (!(error instanceof DecryptionFailedError)) throw error;
        lastError = error;
        continue;
      }
      try {
        const parsed = parse(plaintext);
        this.preferEncoding(encoding);
        if (!this.macVerified) this.noteEncoding(encoding);
        return parsed;
      } catch (error) {
        if (!(error instanceof Pkcs12FormatError) || (this.macVerified && position === 0)) throw error;
        lastError = error;
      }
    }
    throw this.decryptionError(scheme, what, lastError);
  }

  private decryptionError(scheme: EncryptionScheme, what: string, cause: unknown): Error {
    const target = `${what} in ${describeSource(this.source)}`;
    const details: Record<string, unknown> = { part: what, algorithm: scheme.name, oid: scheme.oid };
    if (this.macVerified) {
      return new PasswordIncorrectError(target, {
        cause,
        details,
        fix: `The password matches the file's MAC but does not decrypt ${what} (${scheme.name}). The file may use a separate encryption password (openssl pkcs12 -twopass), which this reader does not support; export it again with one password.`,
      });
    }
    if (!this.hasMac) details.warnings = [noMacWarning];
    if (this.given === undefined) return new PasswordMissingError(target, { cause, details });
    return new PasswordIncorrectError(target, {
      cause,
      details,
      fix: `The file has no MAC, so the password can only be checked by decrypting, and ${what} (${scheme.name}) does not decrypt with it. A damaged file looks the same; check the password source first.`,
    });
  }

  private preferEncoding(encoding: PasswordEncoding): void {
    this.candidates = [encoding, ...this.candidates.filter((candidate) => candidate !== encoding)];
  }

  private noted = false;

  private noteEncoding(encoding: PasswordEncoding): void {
    if (this.noted) return;
    this.noted = true;
    if (this.given === undefined) this.warnings.push('no password was given; the file opened with the empty password');
    if (encoding.kind === 'legacy-bytes') {
      this.warnings.push(
        'the password matched only in the form OpenSSL before 1.1.0 used for non-ASCII passwords (each UTF-8 byte as one character); other tools may reject it, so export the file again',
      );
    }
  }
}
