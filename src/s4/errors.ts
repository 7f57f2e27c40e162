import { AicoreMtlsError } from '../errors.ts';

/** A name for an S/4HANA object (STRUST identity, OA2C configuration, SM59 destination) that S/4HANA cannot take. */
export class S4NameInvalidError extends AicoreMtlsError {
  constructor(kind: string, value: string, reason: string, fix: string) {
    super('ERR_S4_NAME_INVALID', `${kind} "${value}" is invalid: ${reason}`, {
      fix,
      details: { kind, value },
      exitCode: 2,
    });
  }
}

/** The input for the S/4HANA sheet lacks a value or contains one that contradicts another. */
export class S4SheetInputError extends AicoreMtlsError {
  constructor(message: string, fix: string, details: Record<string, unknown> = {}) {
    super('ERR_S4_SHEET_INPUT', message, { fix, details });
  }
}
