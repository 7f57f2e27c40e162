import { unlink } from 'node:fs/promises';
import { resolve } from 'node:path';

import { FileExistsError, UsageError } from '../errors.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { pathExists } from '../fs/path-exists.ts';

export interface KeyAndCsrFiles {
  keyPath: string;
  csrPath: string;
}

/**
 * Rejects the same path for key and CSR, and (without `overwrite`) existing files. Callers run
 * this before generating a key, so a long RSA-4096 generation is not wasted on a doomed write.
 * writeKeyAndCsr checks again at write time.
 */
export async function checkKeyAndCsrTargets(files: KeyAndCsrFiles, overwrite: boolean): Promise<void> {
  if (resolve(files.keyPath) === resolve(files.csrPath)) {
    throw new UsageError(`--out-key and --out-csr name the same file "${files.keyPath}"`, {
      fix: 'Give two different paths, for example --out-key client.key --out-csr client.csr.',
    });
  }
  if (overwrite) return;
  for (const path of [files.keyPath, files.csrPath]) {
    if (await pathExists(path)) throw new FileExistsError(path);
  }
}

/**
 * Writes the private key (mode 0600) and then the CSR (mode 0644), each atomically. When the CSR
 * cannot be written, the key file just written is removed again, so the caller never ends up
 * with a key whose CSR is missing.
 */
export async function writeKeyAndCsr(
  files: KeyAndCsrFiles,
  content: { keyPem: string; csrPem: string },
  overwrite: boolean,
): Promise<void> {
  await checkKeyAndCsrTargets(files, overwrite);
  await writeFileAtomic(files.keyPath, content.keyPem, { mode: 0o600, overwrite });
  try {
    await writeFileAtomic(files.csrPath, content.csrPem, { mode: 0o644, overwrite });
  } catch (error) {
    // NOTE: with overwrite, a key file that existed before is already replaced at this point,
    // so removing the new key leaves neither the old nor the new one.
    await unlink(files.keyPath).catch(() => undefined);
    throw error;
  }
}
