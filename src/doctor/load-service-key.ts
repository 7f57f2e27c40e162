import { readFile } from 'node:fs/promises';

import { parseCredentials, type ServiceCredentials } from '../credentials/index.ts';
import { AicoreMtlsError, NotFoundError } from '../errors.ts';
import { decodeText } from '../text/decode.ts';
import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { CheckOutcome } from './types.ts';

export interface LoadedServiceKey {
  path: string;
  credentials?: ServiceCredentials;
  /** `certificate-pinning` when the key states it (XSUAA keys do; SAP AI Core keys usually not). */
  pinning?: boolean;
  outcome: CheckOutcome;
}

const credentialFields = ['certurl', 'url', 'serviceurls', 'certificate', 'clientsecret', 'credential-type'];

/**
 * Reads the service key and turns every reason it cannot be used into a diagnosis: no
 * `clientid`, credential-type x509_attested, anything else unreadable. A missing file is not a
 * diagnosis but an error, because the command line named a wrong path.
 */
export async function loadServiceKey(path: string): Promise<LoadedServiceKey> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NotFoundError(`service key file "${path}" cannot be read (${code ?? 'error'})`, {
      cause: error,
      fix: 'Check the path given to --service-key.',
      details: { path },
    });
  }

  const outcome = emptyOutcome();
  const raw = parseRawJson(bytes);
  try {
    const credentials = parseCredentials(bytes, path, { sourceKind: 'file' });
    const loaded: LoadedServiceKey = { path, credentials, outcome };
    const pinning = findBoolean(raw, 'certificate-pinning', 0);
    if (pinning !== undefined) loaded.pinning = pinning;
    return loaded;
  } catch (error) {
    if (!(error instanceof AicoreMtlsError)) throw error;
    outcome.diagnoses.push(diagnosisFor(error, raw, path));
    return { path, outcome };
  }
}

function diagnosisFor(error: AicoreMtlsError, raw: unknown, path: string) {
  const evidence = [`${error.message} [${error.code}]`];
  if (error.code === 'ERR_CREDENTIALS_X509_ATTESTED') return diagnose('CREDENTIALS_X509_ATTESTED', evidence);
  const missingClientId = (error.code === 'ERR_CREDENTIALS_SHAPE' || error.code === 'ERR_CREDENTIALS_FIELD_MISSING') && lacksClientId(raw);
  if (missingClientId) {
    return diagnose('CLIENT_ID_MISSING', [`service key "${path}" has credential fields but no "clientid" (or an empty one), so the token request cannot name the client`]);
  }
  if (error.fix) evidence.push(`fix: ${error.fix}`);
  return diagnose('SERVICE_KEY_INVALID', evidence);
}

function parseRawJson(bytes: Uint8Array): unknown {
  const text = decodeText(bytes)?.text;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** True when some object carries credential fields but none carries a non-empty `clientid`. */
function lacksClientId(value: unknown): boolean {
  const objects = collectObjects(value, 0);
  const hasClientId = objects.some((object) => typeof object.clientid === 'string' && object.clientid.trim() !== '');
  const hasCredentials = objects.some((object) => credentialFields.some((field) => field in object) || 'clientid' in object);
  return hasCredentials && !hasClientId;
}

function collectObjects(value: unknown, depth: number): Record<string, unknown>[] {
  if (depth > 5 || typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => collectObjects(item, depth + 1));
  const record = value as Record<string, unknown>;
  return [record, ...Object.values(record).flatMap((item) => collectObjects(item, depth + 1))];
}

function findBoolean(value: unknown, name: string, depth: number): boolean | undefined {
  for (const object of collectObjects(value, depth)) {
    if (typeof object[name] === 'boolean') return object[name];
  }
  return undefined;
}
