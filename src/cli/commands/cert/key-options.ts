import type { PasswordProvider } from '../../../password.ts';
import { passwordProviderFrom, type PasswordOptions } from '../../password-options.ts';

/** Options for a separate private key file, whose password may differ from the main input's. */
export interface KeyPasswordOptions {
  keyPasswordFile?: string;
  keyPasswordEnv?: string;
}

export const keyPasswordFileHelp = 'read the password of the --key file from FILE (default: the input password)';
export const keyPasswordEnvHelp = 'read the password of the --key file from the environment variable NAME (default: the input password)';

/** Returns the password provider for the key file: its own options when given, else the input's provider. */
export function keyPasswordProvider(options: KeyPasswordOptions, inputProvider: PasswordProvider): PasswordProvider {
  if (options.keyPasswordFile === undefined && options.keyPasswordEnv === undefined) return inputProvider;
  const keyOptions: PasswordOptions = { passwordFile: options.keyPasswordFile, passwordEnv: options.keyPasswordEnv };
  return passwordProviderFrom(keyOptions, 'key password');
}
