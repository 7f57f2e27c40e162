import { AicoreMtlsError, UsageError } from '../../../errors.ts';
import { passwordProviderFrom, type PasswordOptions } from '../../password-options.ts';

/**
 * Reads the password for a file about to be written: from the file or environment variable, or
 * from a prompt typed twice when stdin is a terminal (a typo would lock the content away).
 * Throws ERR_OUTPUT_PASSWORD_MISSING (exit code 2) when there is no source.
 */
export async function readOutputPassword(options: PasswordOptions, what: string): Promise<string> {
  const provider = passwordProviderFrom(options, 'new password');
  const password = await provider({ subject: what });
  if (password === undefined) {
    throw new AicoreMtlsError('ERR_OUTPUT_PASSWORD_MISSING', `a password is needed to protect ${what} and none was given`, {
      exitCode: 2,
      fix: 'Give it with --out-password-file FILE or --out-password-env NAME, or run in a terminal to be prompted.',
    });
  }
  const prompted = options.passwordFile === undefined && options.passwordEnv === undefined;
  if (!prompted) return password;

  const prompts = await import('@clack/prompts');
  const again = await prompts.password({ message: `Repeat the new password for ${what}` });
  if (prompts.isCancel(again)) throw new AicoreMtlsError('ERR_CANCELLED', 'password prompt cancelled', { exitCode: 130 });
  if (again !== password) {
    throw new UsageError('the two passwords typed differ', { fix: 'Run the command again and type the same password twice.' });
  }
  return password;
}
