import { bytesEqual } from '../x509/der.ts';
import { certificateFields, type Certificate } from '../x509/certificate.ts';
import { formatName } from '../x509/name.ts';
import type { BoundCertificate } from './bound-certificate.ts';

/**
 * Relation of the presented certificate to the bound one, in the terms of XSUAA's matching
 * rules. With pinning true only the exact certificate matches. With pinning false the subject
 * DN and issuer DN must match, and notBefore must not be older than the newest one used.
 */
export type CertificateRelation = 'same' | 'renewed' | 'older' | 'issuer-changed' | 'other';

export interface BindingComparison {
  relation: CertificateRelation;
  /** Whether XSUAA's rules reject the presented certificate; undefined when it depends on an unknown pinning value. */
  rejected: boolean | undefined;
  /** One sentence naming the case with both certificates' facts. */
  explanation: string;
}

/** Compares the certificate a client presents with the one its binding holds. */
export function compareWithBinding(presented: Certificate, bound: BoundCertificate): BindingComparison {
  const mine = certificateFields(presented);
  const theirs = certificateFields(bound.leaf);
  const describe = (fields: typeof mine, certificate: Certificate) =>
    `"${formatName(fields.subject)}" issued by "${formatName(fields.issuer)}" (notBefore ${fields.notBefore.toISOString()}, SHA-256 ${certificate.x509.fingerprint256})`;
  const presentedText = `the certificate presented, ${describe(mine, presented)}`;
  const boundText = `the one in the binding (${bound.origin}), ${describe(theirs, bound.leaf)}`;
  const pinningText = bound.pinning === undefined ? 'certificate-pinning is unknown' : `certificate-pinning is ${bound.pinning} (${bound.pinningSource})`;

  if (presented.x509.fingerprint256 === bound.leaf.x509.fingerprint256) {
    return { relation: 'same', rejected: false, explanation: `the certificate presented is the certificate in the binding (${bound.origin}, SHA-256 ${presented.x509.fingerprint256})` };
  }
  const sameSubject = bytesEqual(mine.subject.der, theirs.subject.der);
  const sameIssuer = bytesEqual(mine.issuer.der, theirs.issuer.der);
  if (!sameSubject) {
    return { relation: 'other', rejected: true, explanation: `another certificate: ${presentedText} is not ${boundText}` };
  }
  if (!sameIssuer) {
    return {
      relation: 'issuer-changed',
      rejected: true,
      explanation: `the issuer changed: ${presentedText} has the subject of ${boundText} but another issuer DN; XSUAA matches subject and issuer DN, so this certificate needs a new binding`,
    };
  }
  if (mine.notBefore.getTime() < theirs.notBefore.getTime()) {
    return {
      relation: 'older',
      rejected: true,
      explanation: `an older certificate after a newer one: ${presentedText} has the subject and issuer DN of ${boundText} but an earlier notBefore; XSUAA rejects a certificate older than the newest one already accepted`,
    };
  }
  if (bound.pinning === true) {
    return {
      relation: 'renewed',
      rejected: true,
      explanation: `certificate-pinning true after a renewal: ${presentedText} renews ${boundText}, but ${pinningText}, so XSUAA accepts only the exact bound certificate`,
    };
  }
  return {
    relation: 'renewed',
    rejected: bound.pinning === false ? false : undefined,
    explanation:
      bound.pinning === false
        ? `a renewal: ${presentedText} renews ${boundText} with the same subject and issuer DN; ${pinningText}, so XSUAA accepts it and then rejects older certificates`
        : `a renewal: ${presentedText} renews ${boundText}; ${pinningText}: with false XSUAA accepts it and then rejects older certificates, with true (XSUAA's default) it rejects it`,
  };
}
