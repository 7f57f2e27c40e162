import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

import { FileExistsError } from '../errors.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { SetupContext } from './context.ts';

/**
 * Writes files into the setup folder. A file recorded by an earlier run of the same setup is
 * replaced (the re-run continues that setup); any other existing file needs `force`.
 */
export class ArtefactWriter {
  readonly #context: SetupContext;

  constructor(context: SetupContext) {
    this.#context = context;
  }

  /** Absolute path of a file in the setup folder. */
  path(relativePath: string): string {
    return join(this.#context.options.outDir, relativePath);
  }

  async write(relativePath: string, data: string | Uint8Array, purpose: string, options: { secret?: boolean } = {}): Promise<string> {
    const path = this.path(relativePath);
    const recorded = this.#recorded(relativePath);
    const exists = await access(path).then(() => true, () => false);
    if (exists && !recorded && !this.#context.options.force) throw new FileExistsError(path);

    await writeFileAtomic(path, data, { mode: options.secret ? 0o600 : 0o644, overwrite: true });
    this.record(relativePath, data, purpose);
    return path;
  }

  /**
   * Keeps a file an earlier run of this setup wrote for the same certificate, because a
   * re-encrypted PKCS#12 gets a new salt and so a new SHA-256 that an admin may have noted.
   * Returns false when the file must be written.
   */
  async keepFromEarlierRun(relativePath: string, purpose: string): Promise<boolean> {
    const context = this.#context;
    const certificate = context.state.certificate?.sha256;
    if (!certificate || certificate !== context.previousCertificateSha256 || !this.#recorded(relativePath)) return false;
    const existing = await readFile(this.path(relativePath)).catch(() => undefined);
    if (!existing) return false;
    this.record(relativePath, existing, purpose);
    return true;
  }

  /** Records a file in the state, by its content or, for a file another module wrote, by its SHA-256. */
  record(relativePath: string, data: string | Uint8Array | { sha256: string }, purpose: string): void {
    const state = this.#context.state;
    const sha256 = typeof data === 'object' && 'sha256' in data ? data.sha256 : createHash('sha256').update(data).digest('hex');
    state.artefacts = (state.artefacts ?? []).filter((entry) => entry.path !== relativePath);
    state.artefacts.push({ path: relativePath, purpose, sha256 });
  }

  relative(absolutePath: string): string {
    return relative(this.#context.options.outDir, absolutePath);
  }

  #recorded(relativePath: string): boolean {
    return (this.#context.state.artefacts ?? []).some((entry) => entry.path === relativePath);
  }
}
