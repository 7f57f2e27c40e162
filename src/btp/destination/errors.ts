import { AicoreMtlsError, type AicoreMtlsErrorOptions } from '../../errors.ts';

export type DestinationErrorCode =
  | 'ERR_DESTINATION_CERTIFICATE_EXISTS'
  | 'ERR_DESTINATION_CERTIFICATE_NOT_FOUND'
  | 'ERR_DESTINATION_UNAUTHORIZED'
  | 'ERR_DESTINATION_FORBIDDEN'
  | 'ERR_DESTINATION_BAD_REQUEST'
  | 'ERR_DESTINATION_PRECONDITION_FAILED'
  | 'ERR_DESTINATION_REQUEST_FAILED'
  | 'ERR_DESTINATION_INVALID_RESPONSE'
  | 'ERR_DESTINATION_INVALID_ARGUMENT';

export class DestinationError extends AicoreMtlsError {
  declare readonly code: DestinationErrorCode;

  constructor(code: DestinationErrorCode, message: string, options: AicoreMtlsErrorOptions = {}) {
    super(code, message, options);
  }
}
