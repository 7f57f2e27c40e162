import { certurlMissing, serviceNames, type ServiceCredentials } from '../credentials/index.ts';
import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { CheckOutcome } from './types.ts';

/**
 * Checks that the service key is what ISLM over mTLS needs: SAP AI Core credentials with
 * credential-type x509 and a certurl. Repairs the reader made and its warnings become notes.
 */
export function checkServiceKey(credentials: ServiceCredentials): CheckOutcome {
  const outcome = emptyOutcome();
  const name = credentials.source.description;
  for (const repair of credentials.repairs) outcome.notes.push(`${name}: ${repair.message}`);
  for (const warning of credentials.warnings) outcome.notes.push(warning);

  if (credentials.credentialType !== 'x509') {
    const declared = credentials.declaredCredentialType === undefined ? 'no "credential-type"' : `"credential-type": "${credentials.declaredCredentialType}"`;
    outcome.diagnoses.push(
      diagnose('CREDENTIALS_SECRET_ONLY', [`${name} has ${declared} and is read as ${credentials.credentialType}: it authenticates with "clientsecret" at url, not with a certificate at certurl`]),
    );
  } else if (!credentials.certurl) {
    const error = certurlMissing(credentials.source, credentials.url);
    outcome.diagnoses.push(diagnose('CERTURL_MISSING', [error.message, ...(error.fix ? [error.fix] : [])]));
  }

  const aiApiUrl = credentials.serviceurls?.['AI_API_URL'];
  if (credentials.kind !== 'aicore' || aiApiUrl === undefined) {
    outcome.diagnoses.push(diagnose('SERVICE_KEY_NOT_AICORE', [`${name} holds ${serviceNames[credentials.kind]} credentials without serviceurls.AI_API_URL`]));
  }

  if (outcome.diagnoses.length === 0) {
    outcome.passed.push(`service key: SAP AI Core x509 credentials for client id "${credentials.clientid}", certurl ${credentials.certurl}, AI_API_URL ${aiApiUrl}`);
  }
  return outcome;
}
