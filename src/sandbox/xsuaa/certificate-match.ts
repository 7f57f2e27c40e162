import { verifyChain } from '../tls/chain.ts';
import type { ParsedCertificate } from '../tls/parsed-certificate.ts';
import type { PresentedCertificate } from '../tls/presented-certificate.ts';
import type { X509Credential, XsuaaClient } from './clients.ts';

/** Window in which a DN-matching certificate is accepted whatever the stored date (pinning false). */
export const freshCertificateWindowMs = 10 * 60 * 1000;

export type CertificateMatch = { ok: true; credential: X509Credential; reason: string } | { ok: false; reason: string };

export interface TrustAnchors {
  /** Roots (and CA certificates) accepted for self-managed certificates. */
  selfManaged: ParsedCertificate[];
  /** Root of the CA that issues XSUAA-generated certificates. */
  generated: ParsedCertificate[];
}

/**
 * Decides whether `presented` authenticates `client`, applying XSUAA's rules for self-managed
 * and generated x509 credentials:
 * - pinning true: the leaf must be exactly the registered certificate;
 * - pinning false: subject DN and issuer DN must match, and the leaf's notBefore must be on or
 *   after the stored issue date, unless the leaf was issued less than 10 minutes ago. An
 *   accepted leaf moves the stored date forward, so an older certificate presented after a
 *   newer one is rejected.
 * The chain must lead to a trusted CA and be valid at `now`. On success the credential's
 * stored date is updated in place.
 */
export function matchCertificate(client: XsuaaClient, presented: PresentedCertificate, anchors: TrustAnchors, now: Date): CertificateMatch {
  const leaf = presented.leaf;
  const certificates = client.credentials.filter((credential): credential is X509Credential => credential.type === 'x509');
  if (certificates.length === 0) {
    return { ok: false, reason: `client "${client.clientId}" has no x509 credential; it authenticates with a client secret at the url host` };
  }

  const candidate =
    certificates.find((credential) => credential.pinning && credential.certificateSha256 === leaf.sha256) ??
    certificates.find((credential) => !credential.pinning && credential.subjectDer === leaf.subjectDer && credential.issuerDer === leaf.issuerDer);
  if (candidate === undefined) return { ok: false, reason: noMatchReason(client, certificates, leaf) };

  const chain = verifyChain(presented.chain, candidate.source === 'generated' ? anchors.generated : anchors.selfManaged, now);
  if (!chain.ok) return { ok: false, reason: chain.reason };

  if (candidate.pinning) {
    return { ok: true, credential: candidate, reason: `pinned certificate of binding ${candidate.bindingId} matched` };
  }

  const stored = new Date(candidate.storedNotBefore);
  const issuedAt = leaf.notBefore;
  const age = now.getTime() - issuedAt.getTime();
  if (issuedAt.getTime() >= stored.getTime()) {
    candidate.storedNotBefore = issuedAt.toISOString();
    return {
      ok: true,
      credential: candidate,
      reason: `subject and issuer DN matched and notBefore ${issuedAt.toISOString()} is on or after the stored date; stored date now ${candidate.storedNotBefore}`,
    };
  }
  if (age >= 0 && age < freshCertificateWindowMs) {
    return {
      ok: true,
      credential: candidate,
      reason: `subject and issuer DN matched; notBefore ${issuedAt.toISOString()} is older than the stored date ${stored.toISOString()} but less than 10 minutes ago`,
    };
  }
  return {
    ok: false,
    reason:
      `the certificate was issued on ${issuedAt.toISOString()}, before the newest certificate already accepted for binding ${candidate.bindingId} ` +
      `(issued ${stored.toISOString()}); with certificate-pinning false an older certificate is rejected once a newer one was used`,
  };
}

function noMatchReason(client: XsuaaClient, certificates: X509Credential[], leaf: ParsedCertificate): string {
  const pinned = certificates.filter((credential) => credential.pinning);
  const sameSubject = certificates.find((credential) => credential.subjectDer === leaf.subjectDer);
  if (sameSubject?.pinning === true) {
    return `the certificate "${leaf.subject}" (SHA-256 ${leaf.sha256}) is not the certificate pinned by binding ${sameSubject.bindingId}; with certificate-pinning true every new certificate needs a new binding`;
  }
  if (sameSubject !== undefined) {
    return `the certificate subject matches binding ${sameSubject.bindingId} but its issuer "${leaf.issuer}" differs from the registered issuer "${sameSubject.issuer}"`;
  }
  const kinds = pinned.length === certificates.length ? 'pinned certificate' : 'registered certificate';
  return `the certificate "${leaf.subject}" issued by "${leaf.issuer}" matches no ${kinds} of client "${client.clientId}"`;
}
