import type { Certificate } from '../material/index.ts';
import { factsOfCertificate, leafOf, normalizeFingerprint } from './certificate-facts.ts';
import type { Landscape } from './inventory.ts';
import type { CertificateObservation, StateStore } from './state-store.ts';
import { UsageError } from '../errors.ts';

export interface S4ImportInput {
  store: StateStore;
  landscape: Landscape;
  /** SHA-256 fingerprint as STRUST or openssl prints it. */
  fingerprint?: string;
  /** Certificates exported from the PSE (the leaf is picked: the first one that is not a CA). */
  certificates?: readonly Certificate[];
  /** The file or option the value came from. */
  origin: string;
  now?: Date;
}

export interface S4ImportResult {
  observation: CertificateObservation;
  /** How the record relates to what the Destination service held when last observed. */
  matchesLatestBtp: boolean | 'unknown';
  warnings: string[];
}

/**
 * Records which client certificate the landscape's S/4HANA system holds in its SSL client PSE.
 * A fingerprint alone is completed from an earlier observation of the same certificate.
 */
export function recordS4Import(input: S4ImportInput): S4ImportResult {
  const { store, landscape } = input;
  const observedAt = (input.now ?? new Date()).toISOString();
  const warnings: string[] = [];
  let observation: CertificateObservation;

  if (input.certificates !== undefined) {
    const leaf = leafOf(input.certificates);
    if (!leaf) throw new UsageError(`${input.origin} contains no certificate`, { fix: 'Export the certificate from the PSE in STRUST (double-click it, then Export, Base64 or binary) and give that file.' });
    if (input.certificates.length > 1) warnings.push(`${input.origin} contains ${input.certificates.length} certificates; recorded the leaf ${factsOfCertificate(leaf).subject}`);
    observation = { landscape: landscape.name, source: 's4', ...factsOfCertificate(leaf), observedAt, origin: input.origin };
  } else if (input.fingerprint !== undefined) {
    const sha256 = normalizeFingerprint(input.fingerprint);
    const known = store.findCertificate(landscape.name, sha256);
    observation = { landscape: landscape.name, source: 's4', sha256, observedAt, origin: input.origin };
    if (known) {
      for (const field of ['subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter'] as const) {
        if (known[field] !== undefined) observation[field] = known[field];
      }
    } else {
      warnings.push(`the fingerprint ${sha256} was never observed for landscape ${landscape.name}; its validity is unknown until "aicore-mtls status" sees the same certificate in the Destination service`);
    }
  } else {
    throw new UsageError('missing --fingerprint or --file', { fix: 'Name the certificate S/4HANA has by its SHA-256 fingerprint, or give the certificate exported from STRUST.' });
  }

  store.recordObservation(observation);
  const btp = store.latestObservation(landscape.name, 'btp');
  const matchesLatestBtp = btp === undefined ? 'unknown' : btp.sha256 === observation.sha256;
  if (matchesLatestBtp === false) warnings.push(`this is not the certificate the Destination service held when last observed (SHA-256 ${btp!.sha256}, ${btp!.observedAt})`);
  return { observation, matchesLatestBtp, warnings };
}
