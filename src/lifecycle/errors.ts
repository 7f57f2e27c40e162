import { AicoreMtlsError, type AicoreMtlsErrorOptions } from '../errors.ts';

export type LifecycleErrorCode =
  | 'ERR_INVENTORY_NOT_FOUND'
  | 'ERR_INVENTORY_INVALID'
  | 'ERR_INVENTORY_INLINE_SECRET'
  | 'ERR_LANDSCAPE_UNKNOWN'
  | 'ERR_REFERENCE_UNRESOLVED'
  | 'ERR_STATE_DB_CORRUPT'
  | 'ERR_STATE_DB_LOCKED'
  | 'ERR_STATE_DB_NEWER'
  | 'ERR_STATE_DB_FAILED'
  | 'ERR_RENEW_NOT_RENEWED'
  | 'ERR_RENEW_NO_KEY'
  | 'ERR_RENEW_PINNING_MISMATCH';

/** Failures of the certificate lifecycle commands (inventory, state database, status, renew). */
export class LifecycleError extends AicoreMtlsError {
  declare readonly code: LifecycleErrorCode;

  constructor(code: LifecycleErrorCode, message: string, options: AicoreMtlsErrorOptions = {}) {
    super(code, message, options);
  }
}
