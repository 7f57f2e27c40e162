import type { ServiceCredentials } from '../credentials/index.ts';
import { publicKeyFingerprint } from '../keys/public-key.ts';
import { certificateFields, type Certificate } from '../x509/certificate.ts';
import { daysLeft } from '../x509/describe.ts';
import { lintChain, type Finding } from '../x509/lint.ts';
import { formatName } from '../x509/name.ts';
import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { PresentedIdentity } from './load-identity.ts';
import type { CheckOutcome } from './types.ts';

/** Lint codes and the diagnosis each becomes. Chain completeness and roots are judged in check-chain.ts. */
const diagnosisByFinding: Record<string, string> = {
  CERT_EXPIRED: 'CERTIFICATE_EXPIRED',
  CERT_NOT_YET_VALID: 'CERTIFICATE_NOT_YET_VALID',
  CERT_EXPIRES_SOON: 'CERTIFICATE_EXPIRES_SOON',
  RSA_KEY_TOO_SMALL: 'CERTIFICATE_WEAK',
  WEAK_SIGNATURE: 'CERTIFICATE_WEAK',
  LEAF_NOT_CLIENT_AUTH: 'CERTIFICATE_NOT_FOR_CLIENT_AUTH',
  LEAF_NO_DIGITAL_SIGNATURE: 'CERTIFICATE_NOT_FOR_CLIENT_AUTH',
  NO_END_ENTITY: 'CERTIFICATE_NOT_FOR_CLIENT_AUTH',
  KEY_MISMATCH: 'KEY_MISMATCH',
  ISSUER_NOT_CA: 'CHAIN_INVALID',
};
const judgedElsewhere = new Set(['CHAIN_INCOMPLETE', 'ROOT_NOT_INCLUDED', 'ROOT_NOT_PUBLIC']);

/**
 * Checks the client identity offline: that an x509 key has a certificate and key to present,
 * and, through the chain lint, validity, key strength, client-auth usage and the key pair.
 */
export function checkIdentity(identity: PresentedIdentity | undefined, credentials: ServiceCredentials | undefined, now: Date, warnDays: number): CheckOutcome {
  const outcome = emptyOutcome();
  const presence = missingParts(identity, credentials);
  if (presence !== undefined) outcome.diagnoses.push(diagnose('CLIENT_CERTIFICATE_NOT_PRESENTED', [presence]));
  if (identity === undefined || identity.chain.leaf === undefined) return outcome;

  const findings = lintChain({ chain: identity.chain, privateKeys: identity.privateKeys, now, warnDays: expiryWarningDays(identity.chain.leaf, warnDays) });
  for (const finding of findings) {
    const code = diagnosisByFinding[finding.code];
    // Lint reports certificates off the chain as warnings; only the presented chain matters here.
    if (code !== undefined && !(finding.code === 'CERT_EXPIRED' && finding.severity !== 'error')) {
      outcome.diagnoses.push(diagnose(code, evidenceFor(finding, identity)));
    } else if (code === undefined && !judgedElsewhere.has(finding.code)) {
      outcome.notes.push(`${identity.origin}: ${finding.message}`);
    }
  }

  const leaf = identity.chain.leaf;
  const fields = certificateFields(leaf);
  const described = `client certificate "${formatName(fields.subject)}" (serial ${fields.serialNumber}) from ${identity.origin}`;
  const failed = new Set(outcome.diagnoses.map((diagnosis) => diagnosis.code));
  if (!failed.has('CERTIFICATE_EXPIRED') && !failed.has('CERTIFICATE_NOT_YET_VALID')) {
    outcome.passed.push(`${described}: valid from ${fields.notBefore.toISOString()} to ${fields.notAfter.toISOString()} (${daysLeft(fields.notAfter, now)} days left)`);
  }
  if (identity.keyMatches) outcome.passed.push(`${described}: the private key belongs to it (public key SHA-256 ${publicKeyFingerprint(leaf.x509)})`);
  return outcome;
}

/**
 * Returns the expiry warning threshold for a leaf: `warnDays`, but at most a third of its
 * lifetime, so a 7-day XSUAA-generated certificate warns in its last 2 days instead of always.
 */
function expiryWarningDays(leaf: Certificate, warnDays: number): number {
  const { notBefore, notAfter } = certificateFields(leaf);
  const lifetimeDays = (notAfter.getTime() - notBefore.getTime()) / (24 * 3600_000);
  return Math.min(warnDays, Math.floor(lifetimeDays / 3));
}

function missingParts(identity: PresentedIdentity | undefined, credentials: ServiceCredentials | undefined): string | undefined {
  if (credentials?.credentialType !== 'x509') return undefined;
  const hasCertificate = (identity?.certificates.length ?? 0) > 0;
  const hasKey = (identity?.privateKeys.length ?? 0) > 0;
  if (hasCertificate && hasKey) return undefined;
  const key = credentials.source.description;
  if (!hasCertificate && !hasKey) {
    return `${key} is an x509 key without "certificate" and "key", and no --cert/--key, --bundle or --pkcs12 was given, so no client certificate can be presented to certurl`;
  }
  if (!hasKey) {
    const keyless = credentials.certificate !== undefined && identity?.source === 'service-key' ? `${key} has "certificate" but no "key" (a self-managed certificate, whose key stays with its owner)` : `${identity!.origin} contains a certificate but no private key`;
    return `${keyless}; without the private key the certificate cannot be presented. Give the key with --key, or the import file with --bundle or --pkcs12`;
  }
  return `${identity!.origin} contains a private key but no certificate, and ${key} has no "certificate"`;
}

function evidenceFor(finding: Finding, identity: PresentedIdentity): string[] {
  const evidence = [`${identity.origin}: ${finding.message}`];
  if (finding.code === 'KEY_MISMATCH' && identity.chain.leaf) {
    evidence.push(`public key SHA-256 of the certificate: ${publicKeyFingerprint(identity.chain.leaf.x509)}`);
    for (const key of identity.privateKeys) evidence.push(`public key SHA-256 of a private key given: ${publicKeyFingerprint(key)}`);
  }
  return evidence;
}
