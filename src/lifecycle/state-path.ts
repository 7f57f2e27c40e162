import { dirname, join, resolve } from 'node:path';

/** Returns the state database path: `--state FILE`, else `.aicore-mtls/state.db` next to the inventory. */
export function defaultStatePath(inventoryPath: string, option?: string, cwd = process.cwd()): string {
  if (option !== undefined && option !== '') return resolve(cwd, option);
  return join(dirname(inventoryPath), '.aicore-mtls', 'state.db');
}
