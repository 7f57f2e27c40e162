/**
 * Password sources. Library functions that may meet encrypted material take a
 * `PasswordProvider` and call it only when a password is needed, so that "no password was
 * given" and "the password is wrong" stay distinguishable.
 */
export interface PasswordRequest {
  /** What is encrypted, for a prompt: `private key in "client.pem"`. */
  subject: string;
}

/** Returns the password, or `undefined` when the user gave none. */
export type PasswordProvider = (request: PasswordRequest) => Promise<string | undefined>;

/** A provider that always returns the same value (or none). */
export function fixedPassword(password: string | undefined): PasswordProvider {
  return async () => password;
}

export const noPassword: PasswordProvider = async () => undefined;
