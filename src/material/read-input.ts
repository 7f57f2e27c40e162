import { open } from 'node:fs/promises';

import { AicoreMtlsError, NotFoundError, UsageError } from '../errors.ts';
import type { MaterialSource } from './types.ts';

/** Certificate material is a few kilobytes; a bundle with many CAs stays under 1 MiB. Larger input is a wrong file. */
export const maxInputBytes = 8 * 1024 * 1024;

/** Reads a whole file, or stdin for `-`, refusing input larger than maxInputBytes. */
export async function readInput(path: string): Promise<MaterialSource> {
  if (path === '-') return { bytes: await readStdin(), origin: 'stdin' };

  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw readFailed(path, error);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw readFailed(path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
    if (stat.size > maxInputBytes) throw tooLarge(path, stat.size);
    const bytes = new Uint8Array(await handle.readFile());
    if (bytes.length > maxInputBytes) throw tooLarge(path, bytes.length);
    return { bytes, origin: path };
  } catch (error) {
    if (error instanceof AicoreMtlsError) throw error;
    throw readFailed(path, error);
  } finally {
    await handle.close();
  }
}

async function readStdin(): Promise<Uint8Array> {
  if (process.stdin.isTTY) {
    throw new UsageError('"-" reads from stdin, but stdin is a terminal', {
      fix: 'Pipe the file in (for example: cat client.pem | aicore-mtls cert inspect -) or give its path.',
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxInputBytes) throw tooLarge('stdin', size);
    chunks.push(buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function readFailed(path: string, error: unknown): AicoreMtlsError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  if (code === 'ENOENT') {
    return new NotFoundError(`the file "${path}" does not exist`, { cause: error, fix: 'Check the path and the current folder.', details: { path } });
  }
  const fix =
    code === 'EACCES' || code === 'EPERM'
      ? 'Check the file permissions; key files are often readable only by their owner.'
      : code === 'EISDIR'
        ? 'Give the path of a file, not a folder.'
        : 'Check that the path names a readable file.';
  return new AicoreMtlsError('ERR_FILE_READ', `cannot read "${path}" (${code})`, { cause: error, fix, details: { path, systemCode: code } });
}

function tooLarge(path: string, size: number): AicoreMtlsError {
  return new AicoreMtlsError('ERR_INPUT_TOO_LARGE', `"${path}" has ${size} bytes; certificate files are far smaller (limit ${maxInputBytes} bytes)`, {
    fix: 'Check that this is the certificate, key or keystore file you meant.',
    details: { path, size, limit: maxInputBytes },
  });
}
