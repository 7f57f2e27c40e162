import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { AicoreMtlsError } from '../errors.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { CertificateValidity } from './validity.ts';

/** File in the output folder that records how far `setup` got. It never holds a secret. */
export const stateFileName = 'setup-state.json';

export type CertificateSourceMode = 'generate' | 'existing' | 'csr';

/** Choices that decide what `setup` creates; a re-run must use the same ones. */
export interface SetupInputs {
  certificateName: string;
  mode: CertificateSourceMode;
  validity: CertificateValidity;
  autoRenew: boolean;
  pinning: boolean;
  instanceName: string;
  bindingName: string;
  resourceGroup: string;
}

export interface CertificateRecord {
  name: string;
  /** True when this run (or an earlier run of the same setup) created it in the Destination service. */
  createdBySetup: boolean;
  sha256: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
}

export interface BindingRecord {
  name: string;
  instanceId: string;
  /** Binding id, known once Service Manager accepted the request. */
  id?: string;
  /** `Location` of an asynchronous creation that has not finished yet. */
  operation?: string;
  status: 'requested' | 'created';
}

export interface VerificationRecord {
  at: string;
  resourceGroups: string[];
  scenarioCount: number;
}

export interface SetupState {
  version: 1;
  createdAt: string;
  updatedAt: string;
  inputs: SetupInputs;
  certificate?: CertificateRecord;
  binding?: BindingRecord;
  verification?: VerificationRecord;
  artefacts?: Array<{ path: string; purpose: string; sha256: string }>;
  completedSteps: string[];
}

export async function loadSetupState(folder: string): Promise<SetupState | undefined> {
  const path = join(folder, stateFileName);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const state = JSON.parse(text) as SetupState;
    if (state.version !== 1 || typeof state.inputs !== 'object' || !Array.isArray(state.completedSteps)) {
      throw new Error('unexpected shape');
    }
    return state;
  } catch (cause) {
    throw new AicoreMtlsError('ERR_SETUP_STATE_INVALID', `the setup state file "${path}" is damaged`, {
      cause,
      fix: 'Restore it from a backup, or move the folder away and run setup with a new --out folder (an existing certificate can be reused with --existing).',
      details: { path },
    });
  }
}

export async function saveSetupState(folder: string, state: SetupState): Promise<void> {
  state.updatedAt = new Date().toISOString();
  await writeFileAtomic(join(folder, stateFileName), `${JSON.stringify(state, null, 2)}\n`, {
    mode: 0o600,
    overwrite: true,
  });
}

/**
 * Compares the inputs of a re-run with the recorded ones. A different certificate, instance or
 * binding name would make the re-run create a second certificate or binding, so it is refused.
 */
export function assertSameInputs(recorded: SetupInputs, requested: SetupInputs, folder: string): void {
  const fields: Array<keyof SetupInputs> = ['certificateName', 'mode', 'instanceName', 'bindingName', 'pinning'];
  const changed = fields.filter((field) => JSON.stringify(recorded[field]) !== JSON.stringify(requested[field]));
  if (changed.length === 0) return;
  const list = changed.map((field) => `${field} "${String(recorded[field])}" → "${String(requested[field])}"`).join(', ');
  throw new AicoreMtlsError('ERR_SETUP_INPUTS_CHANGED', `"${folder}" holds a setup with other inputs: ${list}`, {
    fix: 'Re-run with the recorded values to continue that setup, or choose a new --out folder for a separate one.',
    details: { folder, changed },
  });
}
