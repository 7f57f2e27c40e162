import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

import type { CertificateValidity } from '../setup/validity.ts';
import type { Inventory, Landscape } from './inventory.ts';

/** What a landscape's `setup.json` states about renewal and pinning. */
export interface SetupFacts {
  path: string;
  pinning?: boolean;
  autoRenew?: boolean;
  validity?: CertificateValidity;
  certificateName?: string;
}

/**
 * Reads `setup.json` from the landscape's setup folder. Returns undefined when the landscape
 * names no folder; a missing or unreadable file is returned as `error` so status can report it.
 */
export async function readSetupFacts(inventory: Inventory, landscape: Landscape): Promise<SetupFacts | { path: string; error: string } | undefined> {
  if (landscape.setup === undefined) return undefined;
  const folder = isAbsolute(landscape.setup) ? landscape.setup : join(dirname(inventory.path), landscape.setup);
  const path = join(folder, 'setup.json');
  let summary: { certificate?: { autoRenew?: unknown; validity?: unknown; name?: unknown }; binding?: { pinning?: unknown } };
  try {
    summary = JSON.parse(await readFile(path, 'utf8')) as typeof summary;
  } catch (error) {
    return { path, error: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  const facts: SetupFacts = { path };
  if (typeof summary.binding?.pinning === 'boolean') facts.pinning = summary.binding.pinning;
  if (typeof summary.certificate?.autoRenew === 'boolean') facts.autoRenew = summary.certificate.autoRenew;
  if (typeof summary.certificate?.name === 'string') facts.certificateName = summary.certificate.name;
  const validity = typeof summary.certificate?.validity === 'string' ? /^(\d+) (DAYS|MONTHS|YEARS)$/.exec(summary.certificate.validity) : null;
  if (validity) facts.validity = { Value: Number(validity[1]), TimeUnit: validity[2] as CertificateValidity['TimeUnit'] };
  return facts;
}
