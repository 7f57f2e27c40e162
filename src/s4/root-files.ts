import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { writeFileAtomic } from '../fs/atomic-write.ts';
import { sha256Hex } from './certificate-summary.ts';
import { rootFileName } from './root-store.ts';
import type { RootCertificateInput } from './sheet-input.ts';

export interface WrittenRootFile {
  path: string;
  sha256: string;
  /** False when an identical file was already there. */
  written: boolean;
}

/**
 * Writes the PEM of every root that has one into `folder`, once per certificate even when
 * both PSEs need it, and records the file on each root entry. An existing file with the same
 * content is kept; one with other content is replaced only with `overwrite`.
 */
export async function writeRootFiles(roots: RootCertificateInput[], folder: string, options: { overwrite?: boolean } = {}): Promise<WrittenRootFile[]> {
  const byFingerprint = new Map<string, WrittenRootFile>();
  const usedPaths = new Set<string>();
  for (const root of roots) {
    if (!root.pem || !root.certificate) continue;
    const fingerprint = root.certificate.sha256Fingerprint;
    let file = byFingerprint.get(fingerprint);
    if (!file) {
      let path = join(folder, rootFileName(root.certificate.commonName, fingerprint));
      // Two different roots with the same common name get the start of their fingerprint appended.
      if (usedPaths.has(path)) path = path.replace(/\.pem$/, `-${fingerprint.replace(/:/g, '').slice(0, 8)}.pem`);
      usedPaths.add(path);
      const existing = await readFile(path, 'utf8').catch(() => undefined);
      const written = existing !== root.pem;
      if (written) await writeFileAtomic(path, root.pem, { mode: 0o644, overwrite: options.overwrite === true });
      file = { path, sha256: sha256Hex(root.pem), written };
      byFingerprint.set(fingerprint, file);
    }
    root.file = { path: file.path, sha256: file.sha256 };
  }
  return [...byFingerprint.values()];
}
