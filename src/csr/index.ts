/** CSR and key generation for the own-PKI path, where the private key never leaves its owner. */
export {
  createCertificateSigningRequest,
  csrKeyTypes,
  defaultCsrKeyType,
  fingerprint,
  type CreateCsrOptions,
  type CreatedCsr,
  type CsrKeyType,
} from './create-csr.ts';
export { formatDistinguishedName, parseDistinguishedName, type DistinguishedName, type NameAttribute } from './distinguished-name.ts';
export { CsrInputError } from './errors.ts';
export { encodePrivateKeyPem } from './private-key-pem.ts';
export { buildCsrSubject, validateCommonName, type SubjectInput } from './subject.ts';
export { formatSubjectAltName, parseSubjectAltName, type SubjectAltName } from './subject-alt-names.ts';
export { checkKeyAndCsrTargets, writeKeyAndCsr, type KeyAndCsrFiles } from './write-files.ts';
