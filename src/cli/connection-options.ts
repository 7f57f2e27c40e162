import { InvalidArgumentError } from '@commander-js/extra-typings';
import { readFile } from 'node:fs/promises';

import { UsageError } from '../errors.ts';
import type { HttpSettings } from '../http/index.ts';

/** Help text of `--ca-file`, shared by every command that connects to SAP services. */
export const caFileHelp = 'extra CA certificate(s) to trust besides Node\'s bundled roots, PEM or DER (a corporate proxy, the sandbox); repeatable';

/** commander collector for repeatable file options. */
export function collectFiles(value: string, previous: string[]): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('expected a file path.');
  return [...previous, value];
}

/**
 * Reads `--ca-file` files into PEM certificates for `HttpSettings.extraCaCertificates`. These
 * are added to Node's roots, never replace them.
 */
export async function readCaFiles(paths: readonly string[]): Promise<string[]> {
  const { readMaterial } = await import('../material/index.ts');
  const pems: string[] = [];
  for (const path of paths) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw new UsageError(`cannot read --ca-file "${path}" (${(error as NodeJS.ErrnoException).code})`, {
        cause: error,
        fix: 'Check the path of the CA certificate file.',
      });
    }
    const material = await readMaterial({ bytes, origin: path });
    if (material.certificates.length === 0) {
      throw new UsageError(`--ca-file "${path}" contains no certificate`, { fix: 'Give a PEM or DER file with the CA certificate(s) to trust.' });
    }
    pems.push(...material.certificates.map((certificate) => certificate.pem));
  }
  return pems;
}

/** HTTP settings for the CLI: extra CAs, the proxy variables of this process. */
export async function httpSettingsFrom(options: { caFile?: string[] }): Promise<HttpSettings> {
  const extra = await readCaFiles(options.caFile ?? []);
  return extra.length > 0 ? { extraCaCertificates: extra } : {};
}
