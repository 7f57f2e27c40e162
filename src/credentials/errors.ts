import { AicoreMtlsError, type AicoreMtlsErrorOptions } from '../errors.ts';

export type CredentialsErrorCode =
  | 'ERR_CREDENTIALS_JSON'
  | 'ERR_CREDENTIALS_SHAPE'
  | 'ERR_CREDENTIALS_FIELD_MISSING'
  | 'ERR_CREDENTIALS_FIELD_INVALID'
  | 'ERR_CREDENTIALS_WRONG_SERVICE'
  | 'ERR_CREDENTIALS_NOT_FOUND'
  | 'ERR_CREDENTIALS_AMBIGUOUS'
  | 'ERR_CREDENTIALS_SECRET_ONLY'
  | 'ERR_CREDENTIALS_CERTURL_MISSING'
  | 'ERR_CREDENTIALS_X509_ATTESTED'
  | 'ERR_CREDENTIALS_YAML_UNSUPPORTED'
  | 'ERR_CREDENTIALS_ENVIRONMENT';

/** Credentials that cannot be read or cannot serve the requested purpose. */
export class CredentialsError extends AicoreMtlsError {
  declare readonly code: CredentialsErrorCode;

  constructor(code: CredentialsErrorCode, message: string, options: AicoreMtlsErrorOptions = {}) {
    super(code, message, options);
  }
}
