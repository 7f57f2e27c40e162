import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { AicoreMtlsError, FileExistsError } from '../errors.ts';

export interface AtomicWriteOptions {
  /** File mode of the new file. Use 0o600 for anything that holds key material or secrets. */
  mode?: number;
  /** Replace an existing file. Without it an existing file is an error (the CLI's --force). */
  overwrite?: boolean;
}

/**
 * Writes a file so that readers see either nothing or the complete content, never a part.
 *
 * The data goes to a temporary file in the same folder (created with `mode` from the start, so
 * key material is never readable by others), is flushed to disk, and is then moved into place.
 * Without `overwrite` the move is a hard link, which fails atomically when the target exists.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const mode = options.mode ?? 0o644;
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);

  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw writeFailed(path, error);
  }
  await handle.close();

  try {
    if (options.overwrite) {
      await rename(temporary, path);
      return;
    }
    await linkNoReplace(temporary, path);
    await unlink(temporary);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    if (error instanceof FileExistsError) throw error;
    throw writeFailed(path, error);
  }
}

async function linkNoReplace(temporary: string, path: string): Promise<void> {
  try {
    await link(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FileExistsError(path);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;

    // NOTE: file systems without hard links (some network and FUSE mounts) fall back to an
    // exclusive create of the target; a crash between create and rename leaves an empty file.
    const placeholder = await open(path, 'wx').catch((openError: NodeJS.ErrnoException) => {
      if (openError.code === 'EEXIST') throw new FileExistsError(path);
      throw openError;
    });
    await placeholder.close();
    await rename(temporary, path);
  }
}

function writeFailed(path: string, cause: unknown): AicoreMtlsError {
  const code = (cause as NodeJS.ErrnoException).code ?? 'unknown';
  return new AicoreMtlsError('ERR_FILE_WRITE', `could not write "${path}" (${code})`, {
    cause,
    fix: 'Check that the folder exists, is writable and has free space.',
    details: { path, systemCode: code },
  });
}
