import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative } from 'node:path';

import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';

import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { Certificate } from '../material/index.ts';
import { factsOfCertificate } from './certificate-facts.ts';
import { parseInventory, type Landscape } from './inventory.ts';
import { recordS4Import } from './s4-import.ts';
import { defaultStatePath } from './state-path.ts';
import { StateStore } from './state-store.ts';

export interface SetupRegistration {
  inventoryPath: string;
  /** `--state`, else the default next to the inventory. */
  statePath?: string;
  landscape: string;
  destinationServiceKey: string;
  certificateName: string;
  level: 'subaccount' | 'instance';
  /** `env:NAME` or `file:PATH` of the certificate password, when setup read it from one. */
  password?: string;
  aicoreServiceKey: string;
  resourceGroup: string;
  pinning: boolean;
  autoRenew: boolean;
  s4System: string;
  identity: string;
  setupFolder: string;
  /** The client certificate setup wrote into the STRUST import files, leaf first. */
  certificates: readonly Certificate[];
}

/**
 * Adds or updates the landscape of a finished setup in the inventory, keeping the file's other
 * landscapes and comments. It also records in the state database the certificate seen in the
 * Destination service and the one written into the STRUST import files.
 *
 * The S/4HANA record is an expectation, not a confirmed import: its origin says so, and
 * `s4 imported` with the certificate exported from STRUST replaces it.
 */
export async function registerSetupInInventory(registration: SetupRegistration): Promise<{ created: boolean; statePath: string }> {
  const text = await readFile(registration.inventoryPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return 'version: 1\nlandscapes: []\n';
    throw error;
  });
  const document = parseDocument(text);
  if (!document.has('version')) document.set('version', 1);
  let landscapes = document.get('landscapes');
  if (!isSeq(landscapes)) {
    landscapes = new YAMLSeq();
    document.set('landscapes', landscapes);
  }
  const sequence = landscapes as YAMLSeq;
  const entry = landscapeEntry(registration);
  const index = sequence.items.findIndex((item) => isMap(item) && (item as YAMLMap).get('name') === registration.landscape);
  const created = index < 0;
  if (created) sequence.add(document.createNode(entry));
  else mergeInto(sequence.items[index] as YAMLMap, entry, document);

  const output = document.toString();
  parseInventory(parseDocument(output).toJS(), registration.inventoryPath);
  await writeFileAtomic(registration.inventoryPath, output, { mode: 0o644, overwrite: true });

  const statePath = defaultStatePath(registration.inventoryPath, registration.statePath);
  const store = StateStore.open(statePath);
  try {
    const landscape = { name: registration.landscape } as Landscape;
    const leaf = registration.certificates[0]!;
    const observedAt = new Date().toISOString();
    store.recordObservation({
      landscape: registration.landscape,
      source: 'btp',
      ...factsOfCertificate(leaf),
      observedAt,
      origin: `aicore-mtls setup (Destination certificate "${registration.certificateName}")`,
    });
    recordS4Import({
      store,
      landscape,
      certificates: [leaf],
      origin: `STRUST import files written by aicore-mtls setup in ${registration.setupFolder} (expected; confirm with "s4 imported" after the import)`,
    });
  } finally {
    store.close();
  }
  return { created, statePath };
}

function landscapeEntry(registration: SetupRegistration): Record<string, unknown> {
  const base = dirname(registration.inventoryPath);
  const path = (value: string) => (isAbsolute(value) ? relative(base, value) || '.' : value);
  const destination: Record<string, unknown> = {
    serviceKey: path(registration.destinationServiceKey),
    certificateName: registration.certificateName,
    level: registration.level,
  };
  if (registration.password) destination.password = registration.password.startsWith('file:') ? `file:${path(registration.password.slice(5))}` : registration.password;
  return {
    name: registration.landscape,
    destination,
    aicore: { serviceKey: path(registration.aicoreServiceKey), resourceGroup: registration.resourceGroup, pinning: registration.pinning },
    s4: { system: registration.s4System, identity: registration.identity },
    setup: path(registration.setupFolder),
    autoRenew: registration.autoRenew,
  };
}

/** Sets the fields setup has values for, leaving any other field (and its comments) of the entry alone. */
function mergeInto(target: YAMLMap, entry: Record<string, unknown>, document: ReturnType<typeof parseDocument>): void {
  for (const [field, value] of Object.entries(entry)) {
    const current = target.get(field);
    if (isMap(current) && typeof value === 'object' && value !== null) {
      for (const [inner, innerValue] of Object.entries(value)) (current as YAMLMap).set(inner, innerValue);
    } else {
      target.set(field, document.createNode(value));
    }
  }
}
