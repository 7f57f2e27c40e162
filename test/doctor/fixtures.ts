import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Diagnosis, DoctorReport } from '../../src/doctor/index.ts';

export const clientid = 'sb-3f1c9a2e-77d4-4b8e-9c61-0a5d2e8f4b17!b482113|aicore!b540';

/**
 * Returns an SAP AI Core x509 service key for offline tests. Its URLs point at 127.0.0.1 ports where
 * nothing listens, so a run that went online by mistake could not leave the machine.
 */
export function x509ServiceKey(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientid,
    url: 'https://127.0.0.1:9',
    certurl: 'https://localhost:9',
    'credential-type': 'x509',
    identityzone: 'acme-prod',
    serviceurls: { AI_API_URL: 'https://127.0.0.1:7' },
    ...overrides,
  };
}

/** Writes a fixture file and returns its path: objects as JSON, strings and bytes as given. */
export async function writeTo(folder: string, name: string, content: string | Uint8Array | Record<string, unknown>): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, typeof content === 'string' || content instanceof Uint8Array ? content : `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

/** Returns the diagnosis with `code`, or fails the test with the codes found instead. */
export function diagnosisOf(report: DoctorReport, code: string): Diagnosis {
  const found = report.diagnoses.find((diagnosis) => diagnosis.code === code);
  if (found === undefined) throw new Error(`expected diagnosis ${code}, found: ${codesOf(report).join(', ') || 'none'}`);
  return found;
}

export function codesOf(report: DoctorReport): string[] {
  return report.diagnoses.map((diagnosis) => diagnosis.code);
}
