import { AicoreMtlsError } from '../errors.ts';

/**
 * A subject, common name or subject alternative name that cannot go into a CSR. The CLI exits
 * with 2 because the value came from the command line.
 */
export class CsrInputError extends AicoreMtlsError {
  constructor(
    code: 'ERR_CSR_COMMON_NAME_INVALID' | 'ERR_CSR_SUBJECT_INVALID' | 'ERR_CSR_SAN_INVALID',
    message: string,
    options: { fix: string; details?: Record<string, unknown> },
  ) {
    super(code, message, { ...options, exitCode: 2 });
  }
}
