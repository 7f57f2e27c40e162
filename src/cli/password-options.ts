import { readFile } from 'node:fs/promises';

import { AicoreMtlsError, UsageError } from '../errors.ts';
import type { PasswordProvider } from '../password.ts';
import { registerSecret } from '../redact.ts';

export interface PasswordOptions {
  passwordFile?: string;
  passwordEnv?: string;
}

/** Option definitions shared by every command that reads or writes encrypted material. */
export const passwordFileHelp = 'read the password from FILE (one trailing newline is removed)';
export const passwordEnvHelp = 'read the password from the environment variable NAME';

/**
 * Builds the provider for `--password-file` / `--password-env`, falling back to a hidden
 * prompt when stdin is a terminal. Passwords are never taken from a command-line value.
 */
export function passwordProviderFrom(options: PasswordOptions, label = 'password'): PasswordProvider {
  if (options.passwordFile !== undefined && options.passwordEnv !== undefined) {
    throw new UsageError('--password-file and --password-env cannot be used together', {
      fix: 'Give the password from one source only.',
    });
  }
  let cached: Promise<string | undefined> | undefined;

  return (request) => {
    cached ??= readPassword(options, label, request.subject);
    return cached;
  };
}

async function readPassword(options: PasswordOptions, label: string, subject: string): Promise<string | undefined> {
  if (options.passwordFile !== undefined) {
    const password = await readPasswordFile(options.passwordFile);
    registerSecret(password);
    return password;
  }
  if (options.passwordEnv !== undefined) {
    const password = process.env[options.passwordEnv];
    if (password === undefined) {
      throw new UsageError(`the environment variable "${options.passwordEnv}" named by --password-env is not set`, {
        fix: `Export ${options.passwordEnv} before running the command, or use --password-file.`,
      });
    }
    registerSecret(password);
    return password;
  }
  if (!process.stdin.isTTY) return undefined;

  const prompts = await import('@clack/prompts');
  const answer = await prompts.password({ message: `Enter the ${label} for ${subject}` });
  if (prompts.isCancel(answer)) {
    throw new AicoreMtlsError('ERR_CANCELLED', 'password prompt cancelled', { exitCode: 130 });
  }
  registerSecret(answer);
  return answer;
}

async function readPasswordFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the password file "${path}" (${code})`, {
      cause: error,
      fix: 'Check the path given to --password-file.',
    });
  }
  return text.replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
}
