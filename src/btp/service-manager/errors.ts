import { AicoreMtlsError, type AicoreMtlsErrorOptions } from '../../errors.ts';

export type ServiceManagerErrorCode =
  | 'ERR_SM_NOT_FOUND'
  | 'ERR_SM_AMBIGUOUS'
  | 'ERR_SM_BINDING_EXISTS'
  | 'ERR_SM_BAD_REQUEST'
  | 'ERR_SM_UNAUTHORIZED'
  | 'ERR_SM_FORBIDDEN'
  | 'ERR_SM_RATE_LIMITED'
  | 'ERR_SM_OPERATION_FAILED'
  | 'ERR_SM_OPERATION_TIMEOUT'
  | 'ERR_SM_BINDING_NOT_X509'
  | 'ERR_SM_REQUEST_FAILED'
  | 'ERR_SM_INVALID_RESPONSE'
  | 'ERR_SM_INVALID_ARGUMENT';

export class ServiceManagerError extends AicoreMtlsError {
  declare readonly code: ServiceManagerErrorCode;

  constructor(code: ServiceManagerErrorCode, message: string, options: AicoreMtlsErrorOptions = {}) {
    super(code, message, options);
  }
}
