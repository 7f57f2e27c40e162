import { AicoreMtlsError, type AicoreMtlsErrorOptions } from '../errors.ts';

export type BindingParametersErrorCode =
  | 'ERR_BINDING_NO_CERTIFICATE'
  | 'ERR_BINDING_CERTIFICATE_INVALID'
  | 'ERR_BINDING_CHAIN_ORDER'
  | 'ERR_BINDING_CONTAINS_KEY'
  | 'ERR_BINDING_ROUND_TRIP';

/** x509 binding parameters that cannot be built or did not survive the round trip. */
export class BindingParametersError extends AicoreMtlsError {
  constructor(code: BindingParametersErrorCode, message: string, options: AicoreMtlsErrorOptions = {}) {
    super(code, message, options);
  }
}
