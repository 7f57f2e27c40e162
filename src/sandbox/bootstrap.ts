import { join } from 'node:path';

import { AicoreMtlsError } from '../errors.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { SandboxState } from './core.ts';
import { createIdentity } from './identity.ts';
import { readJsonFile } from './persistence.ts';
import { createAuthorities, loadAuthorities, storeAuthorities, type SandboxAuthorities, type StoredAuthorities } from './pki/authorities.ts';
import { createCatalog } from './service-manager/catalog.ts';

export const pkiFileName = 'pki.json';
export const stateFileName = 'state.json';

/** Loads the CAs from `dir/pki.json`, or creates them (and writes the file) on first start. */
export async function loadOrCreateAuthorities(dir: string | undefined, landscape: string): Promise<SandboxAuthorities> {
  if (dir !== undefined) {
    const file = join(dir, pkiFileName);
    const stored = await readStored<StoredAuthorities>(file);
    if (stored !== undefined) {
      if (stored.version !== 1) throw unreadable(file, `unknown version ${String(stored.version)}`);
      try {
        return await loadAuthorities(stored);
      } catch (error) {
        throw unreadable(file, error instanceof Error ? error.message : String(error), error);
      }
    }
  }
  const authorities = await createAuthorities(landscape);
  if (dir !== undefined) await savePki(dir, authorities);
  return authorities;
}

export async function savePki(dir: string, authorities: SandboxAuthorities): Promise<void> {
  await writeFileAtomic(join(dir, pkiFileName), `${JSON.stringify(storeAuthorities(authorities), null, 1)}\n`, { mode: 0o600, overwrite: true });
}

/** Loads `dir/state.json`, or creates a new state (then `fresh` is true). */
export async function loadOrCreateState(dir: string | undefined, landscape: string, now: Date): Promise<{ state: SandboxState; fresh: boolean }> {
  if (dir !== undefined) {
    const file = join(dir, stateFileName);
    const stored = await readStored<SandboxState>(file);
    if (stored !== undefined) {
      if (stored.version !== 1 || typeof stored.identity?.zoneId !== 'string') throw unreadable(file, 'unknown version or shape');
      return { state: stored, fresh: false };
    }
  }
  const identity = createIdentity(landscape);
  return {
    state: {
      version: 1,
      identity,
      clockOffsetMs: 0,
      xsuaa: { clients: [] },
      destination: { subaccount: [], instances: {} },
      serviceManager: createCatalog(identity, now),
    },
    fresh: true,
  };
}

async function readStored<T>(file: string): Promise<T | undefined> {
  try {
    return await readJsonFile<T>(file);
  } catch (error) {
    throw unreadable(file, error instanceof Error ? error.message : String(error), error);
  }
}

function unreadable(file: string, problem: string, cause?: unknown): AicoreMtlsError {
  return new AicoreMtlsError('ERR_SANDBOX_STATE', `cannot read the sandbox state file "${file}": ${problem}`, {
    cause,
    fix: 'Stop the sandbox and delete the sandbox folder (or only this file) to start with a fresh sandbox.',
    details: { file },
  });
}
