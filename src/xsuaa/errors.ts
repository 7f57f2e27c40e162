import { AicoreMtlsError, type AicoreMtlsErrorOptions } from '../errors.ts';

export type XsuaaErrorCode =
  | 'ERR_XSUAA_TOKEN_URL_NOT_CERTURL'
  | 'ERR_XSUAA_CLIENT_REJECTED'
  | 'ERR_XSUAA_INVALID_REQUEST'
  | 'ERR_XSUAA_TOKEN_REQUEST_FAILED'
  | 'ERR_XSUAA_INVALID_TOKEN_RESPONSE'
  | 'ERR_XSUAA_CLIENT_IDENTITY_MISSING'
  | 'ERR_XSUAA_URL_MISSING';

/** A token request that XSUAA rejected, or whose response is not a usable token. */
export class XsuaaError extends AicoreMtlsError {
  declare readonly code: XsuaaErrorCode;

  constructor(code: XsuaaErrorCode, message: string, options: AicoreMtlsErrorOptions = {}) {
    super(code, message, options);
  }
}
