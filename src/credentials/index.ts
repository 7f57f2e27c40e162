export { credentialsFromEnvironment } from './environment.ts';
export { CredentialsError, type CredentialsErrorCode } from './errors.ts';
export { locateJsonError, type JsonErrorLocation } from './json-position.ts';
export { certurlMissing, detectServiceKind, serviceNames } from './normalize.ts';
export { credentialsFromObject, parseCredentials, readCredentialsFile, type ParseCredentialsOptions } from './read.ts';
export { serviceLabels } from './shapes.ts';
export type {
  CredentialShape,
  CredentialsOptions,
  CredentialsSource,
  CredentialType,
  FieldOrigin,
  ServiceCredentials,
  ServiceKind,
} from './types.ts';
