import { AicoreMtlsError } from '../errors.ts';
import { redactText } from '../redact.ts';
import { exitCodes } from './exit-codes.ts';
import type { Output } from './output.ts';

/**
 * Prints an error the way every command does and returns the exit code.
 * Known errors print their message, code and fix; anything else is reported as an internal
 * error. Stack traces appear only under --debug.
 */
export function handleError(error: unknown, output: Output): number {
  if (error instanceof AicoreMtlsError) {
    output.error(`${error.message} [${error.code}]`);
    if (error.fix) output.info(`  fix: ${error.fix}`);
    printCauses(error, output);
    if (output.debug && error.stack) output.info(redactText(error.stack));
    if (output.json && !output.hasJsonResult) output.result({ ok: false, error: error.toJSON() });
    return error.exitCode;
  }

  const message = error instanceof Error ? error.message : String(error);
  output.error(`internal error: ${message} [ERR_INTERNAL]`);
  if (output.debug && error instanceof Error && error.stack) {
    output.info(redactText(error.stack));
  } else {
    output.info('  Run again with --debug for the stack trace, and report it with the aicore-mtls version.');
  }
  if (output.json && !output.hasJsonResult) output.result({ ok: false, error: { code: 'ERR_INTERNAL', message } });
  return exitCodes.failed;
}

function printCauses(error: Error, output: Output): void {
  if (!output.verbose) return;
  let cause = error.cause;
  let depth = 0;
  while (cause instanceof Error && depth < 5) {
    const code = (cause as { code?: unknown }).code;
    output.info(`  cause: ${cause.message}${typeof code === 'string' ? ` (${code})` : ''}`);
    cause = cause.cause;
    depth += 1;
  }
}
