/**
 * PKCS#12 (RFC 7292) reader and writer on the @peculiar/asn1-* schemas, asn1js and node:crypto,
 * with RC2 and RC4 in TypeScript so that legacy files read on every Node build.
 */
export type { Pkcs12AlgorithmReport, Pkcs12Certificate, Pkcs12Contents, Pkcs12Encryption, Pkcs12Key, Pkcs12Profile, Pkcs12WriteInput } from './types.ts';
export { pkcs12ProfileDescriptions, pkcs12Profiles } from './profiles.ts';
export { looksLikePkcs12, readPkcs12 } from './reader.ts';
export { writePkcs12 } from './writer.ts';
export {
  Pkcs12FormatError,
  Pkcs12IterationLimitError,
  Pkcs12PasswordEncodingError,
  Pkcs12UnsupportedAlgorithmError,
  Pkcs12WriteInputError,
} from './errors.ts';
