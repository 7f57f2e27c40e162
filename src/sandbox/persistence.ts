import { readFile } from 'node:fs/promises';

import { logDebug } from '../diagnostics.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';

/**
 * Writes a JSON snapshot (mode 0600, atomically) shortly after the last change, so a
 * restarted sandbox finds its certificates, bindings and clock again. Without a file the
 * store does nothing.
 */
export class JsonSnapshotWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string | undefined,
    private readonly snapshot: () => unknown,
    private readonly delayMs = 100,
  ) {}

  markDirty(): void {
    if (this.file === undefined || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, this.delayMs);
    this.timer.unref();
  }

  /** Writes pending changes now and waits for every write to finish. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.write();
    }
    await this.writing;
  }

  private write(): Promise<void> {
    const file = this.file;
    if (file === undefined) return Promise.resolve();
    const data = `${JSON.stringify(this.snapshot(), null, 1)}\n`;
    this.writing = this.writing
      .then(() => writeFileAtomic(file, data, { mode: 0o600, overwrite: true }))
      .catch((error: unknown) => logDebug('sandbox', 'state snapshot write failed', { file, error: String(error) }));
    return this.writing;
  }
}

/** Reads a JSON file; undefined when it does not exist. Other read or parse errors are thrown. */
export async function readJsonFile<T>(file: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as T;
}
