import { AicoreMtlsError, type AicoreMtlsErrorOptions } from '../errors.ts';

export type AiCoreErrorCode =
  | 'ERR_AICORE_UNAUTHORIZED'
  | 'ERR_AICORE_FORBIDDEN'
  | 'ERR_AICORE_RESOURCE_GROUP_NOT_FOUND'
  | 'ERR_AICORE_NOT_FOUND'
  | 'ERR_AICORE_BAD_REQUEST'
  | 'ERR_AICORE_REQUEST_FAILED'
  | 'ERR_AICORE_INVALID_RESPONSE'
  | 'ERR_AICORE_INVALID_ARGUMENT';

export class AiCoreError extends AicoreMtlsError {
  declare readonly code: AiCoreErrorCode;
  /** `error.requestId` from the AI Core error body; quote it in SAP support tickets. */
  readonly aiCoreRequestId: string | undefined;

  constructor(code: AiCoreErrorCode, message: string, options: AicoreMtlsErrorOptions & { aiCoreRequestId?: string } = {}) {
    super(code, message, options);
    this.aiCoreRequestId = options.aiCoreRequestId;
  }
}
