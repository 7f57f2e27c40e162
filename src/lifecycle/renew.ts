import { createHash } from 'node:crypto';
import { join } from 'node:path';

import type { HttpSettings } from '../http/index.ts';
import { encodePrivateKeyPem } from '../csr/private-key-pem.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { readMaterial, type Certificate } from '../material/index.ts';
import { fixedPassword } from '../password.ts';
import { writePkcs12 } from '../pkcs12/index.ts';
import { registerSecret } from '../redact.ts';
import { TokenCache } from '../xsuaa/index.ts';
import { factsOfCertificate } from './certificate-facts.ts';
import { LifecycleError } from './errors.ts';
import { readReferencedCredentials, readReferencedPassword } from './inventory-file.ts';
import type { Inventory, Landscape } from './inventory.ts';
import { renderReimportSheet } from './reimport-sheet.ts';
import { readSetupFacts } from './setup-summary.ts';
import type { StateStore } from './state-store.ts';
import type { CertificateFacts } from './verdict.ts';

export interface RenewOptions {
  inventory: Inventory;
  store: StateStore;
  landscape: Landscape;
  http: HttpSettings;
  /** Folder for the STRUST files and the re-import sheet. */
  outDir: string;
  /** Replace existing files, and write files even when S/4HANA already holds the certificate. */
  force?: boolean;
  /** The certificate password when the inventory names none. */
  password?: string;
  now?: Date;
  environment?: NodeJS.ProcessEnv;
}

export interface RenewResult {
  landscape: string;
  certificate: ReturnType<typeof factsOfCertificate>;
  /** The certificate in S/4HANA's SSL client PSE according to the state database, if recorded. */
  previous?: CertificateFacts;
  pinning: boolean | 'unknown';
  files: Array<{ path: string; purpose: string; sha256: string }>;
  warnings: string[];
}

/**
 * Downloads the certificate SAP BTP renewed, checks it against the binding's pinning rules
 * and writes the files for the S/4HANA re-import: PKCS#12 (profile strust), password-protected
 * PEM and a short re-import sheet. The renewal is recorded in the state database. Nothing is
 * sent to XSUAA, because a token request with the new certificate could make XSUAA reject
 * the one S/4HANA still presents.
 */
export async function renewLandscape(options: RenewOptions): Promise<RenewResult> {
  const { landscape, store } = options;
  const warnings: string[] = [];
  const password = options.password ?? (landscape.destination.password ? await readReferencedPassword(options.inventory, landscape.destination.password, options.environment) : undefined);
  if (password === undefined) {
    throw new LifecycleError('ERR_REFERENCE_UNRESOLVED', `no password for the certificate "${landscape.destination.certificateName}" of landscape ${landscape.name}`, {
      fix: 'Add destination.password (env:NAME or file:PATH) to the inventory, or give --password-file or --password-env.',
      details: { landscape: landscape.name },
      exitCode: 2,
    });
  }
  registerSecret(password);

  const { certificates, privateKey } = await downloadCertificate(options, password);
  const leaf = certificates[0]!;
  const facts = factsOfCertificate(leaf);
  const observedAt = (options.now ?? new Date()).toISOString();
  store.recordObservation({ landscape: landscape.name, source: 'btp', ...facts, observedAt, origin: `Destination certificate "${landscape.destination.certificateName}" (renew)` });
  const previous = store.latestObservation(landscape.name, 's4');
  const previousFacts = previous?.subject === undefined && previous ? (store.findCertificate(landscape.name, previous.sha256) ?? previous) : previous;

  if (previousFacts?.sha256 === facts.sha256 && !options.force) {
    throw new LifecycleError('ERR_RENEW_NOT_RENEWED', `S/4HANA already holds the certificate the Destination service holds for ${landscape.name} (SHA-256 ${facts.sha256})`, {
      fix: 'Nothing to re-import. Run again after SAP BTP renewed the certificate (see "aicore-mtls status"), or use --force to write the files anyway.',
      details: { landscape: landscape.name, sha256: facts.sha256 },
      exitCode: 3,
    });
  }

  const setup = await readSetupFacts(options.inventory, landscape);
  const pinning = (setup && !('error' in setup) ? setup.pinning : undefined) ?? landscape.aicore?.pinning ?? 'unknown';
  checkPinningRules(landscape, facts, previousFacts, pinning, warnings);

  const base = `${landscape.destination.certificateName.replace(/\.[A-Za-z0-9]+$/, '')}-${facts.notBefore.slice(0, 10)}`;
  const names = [`${base}.p12`, `${base}.pem`, 'reimport.md'];
  if (!options.force) await assertAbsent(names.map((name) => join(options.outDir, name)));
  const files: RenewResult['files'] = [];
  const write = async (name: string, data: string | Uint8Array, purpose: string, mode: number) => {
    const path = join(options.outDir, name);
    await writeFileAtomic(path, data, { mode, overwrite: options.force === true });
    files.push({ path, purpose, sha256: createHash('sha256').update(data).digest('hex') });
  };

  const p12 = writePkcs12({ privateKey, certificates: certificates.map((certificate) => certificate.der), friendlyName: base, password, profile: 'strust' });
  await write(`${base}.p12`, p12, 'PKCS#12 for STRUST (profile strust: 3DES, SHA-1 MAC, full chain)', 0o600);
  const pem = `${encodePrivateKeyPem(privateKey, password)}${certificates.map((certificate) => certificate.pem).join('')}`;
  await write(`${base}.pem`, pem, 'password-protected PEM for STRUST: encrypted key, then the chain', 0o600);
  const sheet = renderReimportSheet({ landscape, certificate: facts, previous: previousFacts, pinning, files: files.map((file) => ({ ...file })) });
  await write('reimport.md', sheet, 're-import steps for the S/4HANA administrator', 0o644);

  store.recordRenewal({ landscape: landscape.name, recordedAt: observedAt, previousSha256: previousFacts?.sha256, newSha256: facts.sha256, files: files.map((file) => file.path) });
  return { landscape: landscape.name, certificate: facts, ...(previousFacts ? { previous: previousFacts } : {}), pinning, files, warnings };
}

/** Rejects before the first write when any target exists, so a refused run leaves no partial set of files. */
async function assertAbsent(paths: string[]): Promise<void> {
  const { FileExistsError } = await import('../errors.ts');
  const { access } = await import('node:fs/promises');
  for (const path of paths) {
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (exists) throw new FileExistsError(path);
  }
}

async function downloadCertificate(options: RenewOptions, password: string): Promise<{ certificates: Certificate[]; privateKey: import('node:crypto').KeyObject }> {
  const { landscape } = options;
  const { createDestinationClient } = await import('../btp/destination/index.ts');
  const credentials = await readReferencedCredentials(options.inventory, landscape.destination.serviceKey, 'destination', options.environment);
  const client = createDestinationClient({ credentials, http: options.http, level: landscape.destination.level, cache: new TokenCache() });
  try {
    const downloaded = await client.read(landscape.destination.certificateName);
    if (!downloaded) throw new Error('the Destination service returned no content');
    const material = await readMaterial({ bytes: downloaded.content, origin: `Destination certificate "${landscape.destination.certificateName}"` }, { passwords: fixedPassword(password) });
    const privateKey = material.privateKeys[0]?.keyObject;
    const leaf = privateKey ? material.certificates.find((certificate) => certificate.x509.checkPrivateKey(privateKey)) : undefined;
    if (!privateKey || !leaf) {
      throw new LifecycleError('ERR_RENEW_NO_KEY', `the Destination certificate "${landscape.destination.certificateName}" contains no private key that matches its certificate`, {
        fix: 'Certificates signed from a CSR keep their key with its owner: import the certificate response in STRUST instead (the key in the PSE stays).',
        details: { landscape: landscape.name },
      });
    }
    return { certificates: [leaf, ...material.certificates.filter((certificate) => certificate !== leaf)], privateKey };
  } finally {
    await client.close();
  }
}

/**
 * Applies XSUAA's matching rules. With pinning false, the binding accepts the renewed
 * certificate only with the same subject and issuer DN. With pinning true, it accepts only the
 * registered certificate, so a renewed one always needs a new binding or service key.
 */
function checkPinningRules(landscape: Landscape, facts: CertificateFacts, previous: CertificateFacts | undefined, pinning: boolean | 'unknown', warnings: string[]): void {
  if (pinning === true) {
    warnings.push('certificate-pinning is true: XSUAA accepts only the certificate registered in the binding. Create a new binding or service key with the renewed certificate before S/4HANA switches to it, and update OA2C_CONFIG\'s client ID if it changes.');
    return;
  }
  if (previous?.subject === undefined || previous.issuer === undefined) {
    warnings.push('what S/4HANA holds is not recorded, so subject and issuer could not be compared with it');
  } else if (previous.subject !== facts.subject || previous.issuer !== facts.issuer) {
    const changed = previous.subject !== facts.subject ? `subject "${previous.subject}" → "${facts.subject}"` : `issuer "${previous.issuer}" → "${facts.issuer}"`;
    throw new LifecycleError('ERR_RENEW_PINNING_MISMATCH', `the renewed certificate of ${landscape.name} has another ${changed}; a binding with certificate-pinning false accepts a renewal only with the same subject and issuer DN`, {
      fix: 'Create a new SAP AI Core binding or service key with the new certificate (aicore-mtls setup with a new binding name), then import it in S/4HANA.',
      details: { landscape: landscape.name, previousSubject: previous.subject, subject: facts.subject, previousIssuer: previous.issuer, issuer: facts.issuer },
    });
  }
  if (pinning === 'unknown') warnings.push('the binding\'s certificate-pinning is unknown (no setup summary, no aicore.pinning): with true, the renewed certificate also needs a new binding');
}
