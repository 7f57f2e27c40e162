/**
 * Error base class of aicore-mtls.
 *
 * Every failure a caller might branch on has a stable `code` (such as `ERR_PASSWORD_INCORRECT`)
 * and, where the user can act, a `fix` sentence. Modules define their own subclasses next to
 * the code that throws them. This file contains the base class and the errors shared by many
 * modules. Raw HTTP bodies and secrets never go into `message`, `fix` or `details`, because
 * the CLI prints all three and `--json` serialises them.
 */

const brand = Symbol.for('aicore-mtls.error');

export interface AicoreMtlsErrorOptions {
  /** The lower-level error, kept with its own code. */
  cause?: unknown;
  /** The next step for the user, as one or two sentences. */
  fix?: string;
  /** Non-secret facts that help a script branch or a human diagnose (file, field, status). */
  details?: Record<string, unknown>;
  /** Process exit code the CLI uses for this error; 1 when absent. */
  exitCode?: number;
}

export class AicoreMtlsError extends Error {
  readonly code: string;
  readonly fix: string | undefined;
  readonly details: Record<string, unknown>;
  readonly exitCode: number;

  constructor(code: string, message: string, options: AicoreMtlsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fix = options.fix;
    this.details = options.details ?? {};
    this.exitCode = options.exitCode ?? 1;
    Object.defineProperty(this, brand, { value: true });
  }

  /** Recognises errors from another copy of this package too (CLI bundle plus library). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    if (this === AicoreMtlsError) return brand in value;
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }

  toJSON(): { code: string; message: string; fix?: string; details?: Record<string, unknown> } {
    const json: { code: string; message: string; fix?: string; details?: Record<string, unknown> } = {
      code: this.code,
      message: this.message,
    };
    if (this.fix !== undefined) json.fix = this.fix;
    if (Object.keys(this.details).length > 0) json.details = this.details;
    return json;
  }
}

/** A command line that cannot run as written: a missing argument, a bad flag value. Exit code 2. */
export class UsageError extends AicoreMtlsError {
  constructor(message: string, options: Omit<AicoreMtlsErrorOptions, 'exitCode'> = {}) {
    super('ERR_USAGE', message, { ...options, exitCode: 2 });
  }
}

/** Input that is not in any form the tool reads, or is damaged. */
export class InputFormatError extends AicoreMtlsError {
  constructor(message: string, options: AicoreMtlsErrorOptions = {}) {
    super('ERR_INPUT_FORMAT', message, options);
  }
}

/** A file or value that should exist and does not. */
export class NotFoundError extends AicoreMtlsError {
  constructor(message: string, options: AicoreMtlsErrorOptions = {}) {
    super('ERR_NOT_FOUND', message, options);
  }
}

/**
 * Encrypted material and no password from any source. Exit code 2 by default, like any other
 * input missing from the command line.
 */
export class PasswordMissingError extends AicoreMtlsError {
  constructor(what: string, options: AicoreMtlsErrorOptions & { message?: string } = {}) {
    super('ERR_PASSWORD_MISSING', options.message ?? `${what} is encrypted and no password was given`, {
      fix: 'Give the password with --password-file FILE or --password-env NAME, or run in a terminal to be prompted.',
      exitCode: 2,
      ...options,
    });
  }
}

/** A password was given but does not decrypt the material (or its integrity check fails). */
export class PasswordIncorrectError extends AicoreMtlsError {
  constructor(what: string, options: AicoreMtlsErrorOptions = {}) {
    super('ERR_PASSWORD_INCORRECT', `the password for ${what} is incorrect`, {
      fix: 'Check the password source. If the password is certainly right, the file may use an algorithm this reader does not support; run "aicore-mtls cert inspect" on it to list its algorithms.',
      ...options,
    });
  }
}

/** Refusal to replace an existing file without --force. */
export class FileExistsError extends AicoreMtlsError {
  constructor(path: string) {
    super('ERR_FILE_EXISTS', `"${path}" already exists`, {
      fix: 'Choose another output path, or pass --force to replace the file.',
      details: { path },
    });
  }
}
