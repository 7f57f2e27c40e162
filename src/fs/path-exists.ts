import { access } from 'node:fs/promises';

/** Checks whether a file or folder exists and is visible to this process. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
