import type { TlsIdentity } from '../http/index.ts';
import { fixedPassword } from '../password.ts';
import { readReferencedCredentials, readReferencedPassword } from './inventory-file.ts';
import type { Landscape } from './inventory.ts';
import type { AicoreKey, StatusOptions } from './landscape-status.ts';
import type { CertificateFacts } from './verdict.ts';

export interface LandscapeCheck {
  outcome: 'passed' | 'failed' | 'skipped';
  /** What was checked and what happened, or why the check was skipped. */
  detail: string;
  /** Fingerprint of the certificate presented to XSUAA. */
  certificateSha256?: string;
  diagnosis?: string;
}

export interface LandscapeCheckInput {
  landscape: Landscape;
  options: StatusOptions;
  aicore: AicoreKey | undefined;
  btpSha256: string | undefined;
  s4: CertificateFacts | undefined;
  pinning: boolean | 'unknown';
  now: Date;
}

/**
 * Runs ISLM's Check Connection with the certificate S/4HANA holds, and only with that one.
 *
 * With certificate-pinning false, XSUAA stores the issue date of the newest certificate it
 * has seen and then rejects older ones. A token request with a renewed certificate that
 * S/4HANA does not have yet would therefore break S/4HANA at once. So the check runs only
 * when the certificate to present is the one recorded for S/4HANA:
 * - the SAP AI Core key carries it (its own `certificate` and `key`), or
 * - the Destination service still holds it, and the inventory names its password.
 * Otherwise it is skipped, and `detail` says why.
 */
export async function runLandscapeCheck(input: LandscapeCheckInput): Promise<LandscapeCheck> {
  const { landscape, options, aicore, s4 } = input;
  if (!landscape.aicore || !aicore) return skipped('the inventory names no readable SAP AI Core key (aicore.serviceKey) for this landscape');

  const key = aicore.credentials;
  let identity: TlsIdentity | undefined;
  let presented: string | undefined;

  if (key.credentialType !== 'x509') {
    presented = undefined;
  } else if (key.certificate && key.key && aicore.certificate && (s4 === undefined ? aicore.certificate.sha256 !== input.btpSha256 : aicore.certificate.sha256 === s4.sha256)) {
    // The key's own certificate: XSUAA-generated (independent of S/4HANA's) or the copy S/4HANA holds.
    presented = aicore.certificate.sha256;
  } else if (s4 === undefined) {
    return skipped('what S/4HANA holds is not recorded ("aicore-mtls s4 imported"), so the check cannot be sure to present the certificate S/4HANA presents');
  } else if (s4.sha256 !== input.btpSha256) {
    return skipped(
      'the Destination service holds another certificate than S/4HANA; with certificate-pinning false its first use makes XSUAA reject the one S/4HANA presents, and the key of S/4HANA\'s copy is not available here. Re-import first, then check',
    );
  } else if (!landscape.destination.password) {
    return skipped('the inventory names no destination.password, which is needed to decrypt the key of the certificate S/4HANA holds');
  } else {
    identity = await downloadIdentity(input);
    presented = s4.sha256;
  }

  const { runConnectionCheck } = await import('../check/connection-check.ts');
  const result = await runConnectionCheck({
    credentials: key,
    identity,
    http: options.http,
    resourceGroup: landscape.aicore.resourceGroup,
    cache: options.tokenCache,
    now: () => input.now,
  });
  const hops = result.hops.map((hop) => `${hop.name} ${hop.ok ? 'ok' : 'failed'}`).join(', ');
  if (result.ok) return { outcome: 'passed', detail: `${hops}; ${result.scenarioCount ?? 0} scenario(s)`, ...(presented ? { certificateSha256: presented } : {}) };
  return {
    outcome: 'failed',
    detail: `${result.diagnosis?.code ?? 'CHECK_FAILED'}: ${result.diagnosis?.title ?? hops}`,
    diagnosis: result.diagnosis?.code,
    ...(presented ? { certificateSha256: presented } : {}),
  };
}

async function downloadIdentity(input: LandscapeCheckInput): Promise<TlsIdentity> {
  const { landscape, options } = input;
  const { createDestinationClient, identityFromDestinationCertificate } = await import('../btp/destination/index.ts');
  const credentials = await readReferencedCredentials(options.inventory, landscape.destination.serviceKey, 'destination', options.environment);
  const password = await readReferencedPassword(options.inventory, landscape.destination.password!, options.environment);
  const client = createDestinationClient({ credentials, http: options.http, level: landscape.destination.level, cache: options.tokenCache });
  try {
    const certificate = await client.read(landscape.destination.certificateName);
    if (!certificate) throw new Error(`certificate "${landscape.destination.certificateName}" not returned`);
    const downloaded = await identityFromDestinationCertificate(certificate, { passwords: fixedPassword(password) });
    return downloaded.identity;
  } finally {
    await client.close();
  }
}

function skipped(detail: string): LandscapeCheck {
  return { outcome: 'skipped', detail };
}
