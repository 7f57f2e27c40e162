import type { ServiceCredentials } from '../credentials/index.ts';
import { compareCertUrl } from '../xsuaa/index.ts';
import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { XsuaaMetadata } from './read-xsuaa-metadata.ts';
import type { CheckOutcome } from './types.ts';

/** Cross-checks the key's certurl with the mTLS token endpoint XSUAA publishes (RFC 8705 alias). */
export function checkCerturlAlias(metadata: XsuaaMetadata, credentials: ServiceCredentials): CheckOutcome {
  const outcome = emptyOutcome();
  if (credentials.credentialType !== 'x509' || !credentials.certurl) return outcome;
  if (metadata.configuration === undefined) {
    outcome.notes.push(`certurl: the OpenID configuration at ${metadata.url} could not be read (${metadata.error ?? 'no body'}), so certurl was not cross-checked`);
    return outcome;
  }
  const check = compareCertUrl(metadata.configuration, credentials.certurl);
  if (check.matches) {
    outcome.passed.push(`certurl: ${check.message}`);
  } else if (check.publishedTokenEndpoint === undefined) {
    outcome.notes.push(`certurl: ${check.message}`);
  } else {
    outcome.diagnoses.push(diagnose('CERTURL_MISMATCH', [check.message]));
  }
  return outcome;
}
