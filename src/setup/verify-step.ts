import { runConnectionCheck, type ConnectionCheckResult } from '../check/connection-check.ts';
import { AicoreMtlsError } from '../errors.ts';
import type { EnsuredBinding } from './binding-step.ts';
import type { ObtainedCertificate } from './certificate-step.ts';
import type { SetupContext } from './context.ts';

/**
 * Step 4: proves the new binding works from the workstation: a token from certurl over mTLS
 * with the downloaded certificate, then SAP AI Core's resource groups and scenarios.
 * Skipped when the private key is not here (a CSR whose key stays in STRUST).
 */
export async function verifyConnection(context: SetupContext, obtained: ObtainedCertificate, ensured: EnsuredBinding): Promise<ConnectionCheckResult | undefined> {
  if (!obtained.privateKey) {
    context.emit('verify', 'skipped', 'no private key on this workstation (CSR path): the live check runs in S/4HANA with "Check Connection"');
    return undefined;
  }

  const result = await runConnectionCheck({
    credentials: ensured.credentials,
    identity: { certificatePem: obtained.chainPem, privateKey: obtained.privateKey, origin: `certificate "${context.options.certificateName}"` },
    http: context.options.http,
    resourceGroup: context.options.resourceGroup,
    cache: context.tokenCache,
  });
  if (!result.ok) {
    const diagnosis = result.diagnosis!;
    throw new AicoreMtlsError('ERR_SETUP_VERIFY_FAILED', `the new binding does not work yet: ${diagnosis.title} [${diagnosis.code}]`, {
      fix: diagnosis.fix,
      details: { diagnosis: diagnosis.code, evidence: diagnosis.evidence, hops: result.hops },
    });
  }

  context.state.verification = {
    at: new Date().toISOString(),
    resourceGroups: result.resourceGroups ?? [],
    scenarioCount: result.scenarioCount ?? 0,
  };
  await context.save();
  const timings = result.hops.map((hop) => `${hop.name} ${hop.durationMs} ms`).join(', ');
  context.emit('verify', 'done', `token from certurl over mTLS and SAP AI Core calls succeeded (${timings})`);
  return result;
}
