export { DestinationCertificateClient, type DestinationClientOptions } from './client.ts';
export { DestinationError, type DestinationErrorCode } from './errors.ts';
export { createDestinationClient, type DestinationClientFromCredentialsOptions } from './from-credentials.ts';
export { identityFromDestinationCertificate, type DestinationIdentity } from './identity.ts';
export type {
  CertificateLevel,
  CertificateListEntry,
  CertificateValidity,
  DestinationCertificate,
  GenerateCertificateRequest,
  ListCertificatesOptions,
  PublicKeyEntry,
  UploadCertificateRequest,
} from './types.ts';
