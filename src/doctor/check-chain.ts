import type { Certificate } from '../material/index.ts';
import { certificateFields } from '../x509/certificate.ts';
import { isIssuedBy, isSelfSigned } from '../x509/chain.ts';
import { formatName } from '../x509/name.ts';
import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { PresentedIdentity } from './load-identity.ts';
import type { CheckOutcome } from './types.ts';

/**
 * Checks that the client chain can be linked to a root by XSUAA and that the import file is
 * complete. XSUAA links what the client sends to its own trusted roots, so a chain that stops
 * below the root is fine for TLS, but one that stops at the leaf lacks its intermediate.
 * `known` are other certificates the user gave (--ca-file, the binding's certificate), used
 * to name the missing issuer.
 */
export function checkChain(identity: PresentedIdentity, known: readonly Certificate[]): CheckOutcome {
  const outcome = emptyOutcome();
  const { chain } = identity;
  const top = chain.path.at(-1);
  if (chain.leaf === undefined || top === undefined) return outcome;
  const subjects = chain.path.map((certificate) => `"${subjectOf(certificate)}"`).join(' → ');

  if (chain.complete) {
    const anchor = chain.anchor!;
    const where = anchor.source === 'input' ? 'in the file' : "from Node's root store, not in the file";
    outcome.passed.push(`client chain: ${subjects} ends at the root "${anchor.subject}" (${where})`);
    if (anchor.source !== 'input') return withRootMissing(outcome, identity, anchor.subject, undefined);
    return outcome;
  }

  const missing = chain.missingIssuer!;
  const keyId = missing.authorityKeyIdentifier ? ` (key identifier ${missing.authorityKeyIdentifier})` : '';
  const issuer = known.find((candidate) => isIssuedBy(top, candidate));
  const issuerIsRoot = issuer !== undefined ? isSelfSigned(issuer) : missing.knownRoot !== undefined;
  if (chain.path.length === 1 && !issuerIsRoot) {
    const found = issuer !== undefined ? `; ${issuer.origin} contains it` : '';
    outcome.diagnoses.push(
      diagnose('CHAIN_INCOMPLETE', [
        `${identity.origin}: the client certificate "${subjectOf(top)}" comes without the CA certificate that issued it, "${missing.subject}"${keyId}${found}`,
        'the token request would send the client certificate alone, so XSUAA cannot link it to a trusted root',
      ]),
    );
    return outcome;
  }
  outcome.passed.push(`client chain: ${subjects} contains the client certificate and its issuing CA`);
  return withRootMissing(outcome, identity, missing.subject, keyId);
}

/** Adds CHAIN_ROOT_NOT_INCLUDED, except for a service key's certificate, which is not imported as it is. */
function withRootMissing(outcome: CheckOutcome, identity: PresentedIdentity, root: string, keyId: string | undefined): CheckOutcome {
  if (identity.source === 'service-key') return outcome;
  outcome.diagnoses.push(diagnose('CHAIN_ROOT_NOT_INCLUDED', [`${identity.origin}: the chain stops below its root "${root}"${keyId ?? ''}`]));
  return outcome;
}

function subjectOf(certificate: Certificate): string {
  return formatName(certificateFields(certificate).subject);
}
