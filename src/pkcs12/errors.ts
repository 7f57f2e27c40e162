import { AicoreMtlsError, type AicoreMtlsErrorOptions } from '../errors.ts';

/** Names the input in messages: the file name when the caller gave one. */
export function describeSource(source: string | undefined): string {
  return source === undefined ? 'the PKCS#12 data' : `"${source}"`;
}

function sourceDetails(source: string | undefined): Record<string, unknown> {
  return source === undefined ? {} : { source };
}

/** Bytes that are not a PKCS#12 file, or a PKCS#12 file that is truncated or damaged. */
export class Pkcs12FormatError extends AicoreMtlsError {
  constructor(source: string | undefined, problem: string, options: AicoreMtlsErrorOptions = {}) {
    super('ERR_PKCS12_FORMAT', `${describeSource(source)} is not a valid PKCS#12 file: ${problem}`, {
      fix: 'Check that the file is a complete PKCS#12 (.p12/.pfx) file in binary form; copy it again if it was transferred as text or cut short.',
      ...options,
      details: { ...sourceDetails(source), ...options.details },
    });
  }
}

/**
 * A well-formed file that uses an algorithm this reader does not implement. Callers branch on it
 * to offer a re-export instead of asking for the password again.
 */
export class Pkcs12UnsupportedAlgorithmError extends AicoreMtlsError {
  constructor(source: string | undefined, what: string, oid: string, options: AicoreMtlsErrorOptions = {}) {
    super('ERR_PKCS12_UNSUPPORTED_ALGORITHM', `${describeSource(source)} uses ${what} (OID ${oid}), which this reader does not support`, {
      fix: 'Export the file again with supported algorithms, for example "openssl pkcs12 -export -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1" (3DES) or the OpenSSL 3 default (AES-256).',
      ...options,
      details: { ...sourceDetails(source), oid, ...options.details },
    });
  }
}

/** An iteration count above the limits in limits.ts, which would keep key derivation busy for too long. */
export class Pkcs12IterationLimitError extends AicoreMtlsError {
  constructor(source: string | undefined, what: string, iterations: number, limit: number) {
    super(
      'ERR_PKCS12_ITERATIONS_TOO_HIGH',
      `${describeSource(source)} asks for ${iterations} key-derivation iterations for ${what}; the limit is ${limit}`,
      {
        fix: 'Export the file again with a lower iteration count (OpenSSL: -iter and -maciter). A count this high is usually a damaged file.',
        details: { ...sourceDetails(source), what, iterations, limit },
      },
    );
  }
}

/** A password that cannot be encoded the way RFC 7292 requires (a BMPString). */
export class Pkcs12PasswordEncodingError extends AicoreMtlsError {
  constructor(reason: string) {
    super('ERR_PKCS12_PASSWORD_ENCODING', `the PKCS#12 password cannot be used: ${reason}`, {
      fix: 'Use a password made of characters from the Unicode Basic Multilingual Plane (no emoji or other characters above U+FFFF).',
    });
  }
}

/** Input to the writer that cannot produce a usable file. */
export class Pkcs12WriteInputError extends AicoreMtlsError {
  constructor(code: string, message: string, fix: string, details: Record<string, unknown> = {}) {
    super(code, message, { fix, details });
  }
}
