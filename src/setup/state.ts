import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { AicoreMtlsError } from '../errors.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { CertificateValidity } from './validity.ts';

/** File in the output folder that records how far `setup` got. It never contains a secret. */
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
  /** Id of the SAP AI Core instance, looked up before anything is created. */
  instanceId?: string;
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
 * Compares the inputs of a re-run with the recorded ones. Once a certificate or binding exists,
 * a different certificate, instance or binding name would make the re-run create a second one,
 * so it is refused.
 */
export function assertSameInputs(state: SetupState, requested: SetupInputs, folder: string): void {
  const recorded = state.inputs;
  // Inputs of a step that left nothing behind yet may change: a re-run after a typo just works.
  const fields: Array<keyof SetupInputs> = [];
  if (state.certificate) fields.push('certificateName', 'mode');
  if (state.binding) fields.push('instanceName', 'bindingName', 'pinning');
  const changed = fields.filter((field) => JSON.stringify(recorded[field]) !== JSON.stringify(requested[field]));
  if (changed.length === 0) return;
  const list = changed.map((field) => `${field} "${String(recorded[field])}" → "${String(requested[field])}"`).join(', ');
  throw new AicoreMtlsError('ERR_SETUP_INPUTS_CHANGED', `"${folder}" contains a setup with other inputs: ${list}`, {
    fix: `Re-run with the recorded values to continue that setup, or use a new --out folder. The certificate "${recorded.certificateName}" already exists in the Destination service, so a new setup that should use it needs --existing --cert-name ${recorded.certificateName}.`,
    details: { folder, changed },
  });
}
