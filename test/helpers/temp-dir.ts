import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** Creates a fresh folder that is removed when the current test file finishes. */
export async function createTempDir(prefix = 'aicore-mtls-test-'): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  after(() => rm(folder, { recursive: true, force: true }));
  return folder;
}
