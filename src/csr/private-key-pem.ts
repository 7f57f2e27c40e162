import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

import { AicoreMtlsError, UsageError } from '../errors.ts';
import { registerSecret } from '../redact.ts';

/**
 * Encodes a private key as PKCS#8 PEM. With a password the result is an `ENCRYPTED PRIVATE KEY`
 * (PBES2 with AES-256-CBC; OpenSSL 3, which Node uses, derives the key with PBKDF2-HMAC-SHA256
 * and 2048 iterations). Without one it is a plain `PRIVATE KEY`; callers must have an explicit
 * request for that. The encrypted form is decrypted again before it is returned, so a key that
 * could not be read back with the same password is never handed out.
 */
export function encodePrivateKeyPem(privateKey: KeyObject, password: string | undefined): string {
  if (password === undefined) {
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    registerSecret(pem);
    return pem;
  }
  if (password === '') {
    throw new UsageError('the password for the new private key is empty', {
      fix: 'Give a non-empty password, or pass --no-encrypt-key to write the key unencrypted.',
    });
  }

  const pem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string;
  const decrypted = createPrivateKey({ key: pem, format: 'pem', passphrase: password });
  const expected = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const actual = createPublicKey(decrypted).export({ type: 'spki', format: 'der' });
  if (!expected.equals(actual)) {
    throw new AicoreMtlsError('ERR_KEY_ENCRYPTION', 'the encrypted private key did not decrypt to the generated key', {
      fix: 'Run the command again; if it fails again, report it with the Node.js version (node --version).',
    });
  }
  return pem;
}
