import { runConnectionCheck, type ConnectionCheckResult } from '../check/connection-check.ts';
import type { ServiceCredentials } from '../credentials/index.ts';
import type { HttpSettings, TlsIdentity } from '../http/index.ts';
import type { BindingComparison } from './compare-certificates.ts';
import type { Findings } from './findings.ts';
import type { PresentedIdentity } from './load-identity.ts';
import type { DoctorOnlineReport } from './types.ts';

export interface ConnectionOptions {
  credentials: ServiceCredentials;
  identity?: PresentedIdentity;
  http: HttpSettings;
  resourceGroup: string;
  tokenUrl?: string;
  /** The offline comparison of the presented certificate with the binding's, if one was possible. */
  comparison?: BindingComparison;
  now: () => Date;
}

/**
 * Runs the token request and the SAP AI Core calls, then settles the offline predictions with
 * what XSUAA returned. An accepted certificate refutes CERTIFICATE_DIFFERS_FROM_BINDING and
 * CLIENT_CA_NOT_TRUSTED, and a rejected one gets their evidence as the likely cause.
 */
export async function checkConnection(options: ConnectionOptions, findings: Findings): Promise<NonNullable<DoctorOnlineReport['connection']>> {
  const result = await runConnectionCheck({
    credentials: options.credentials,
    ...(tlsIdentityOf(options.identity) ? { identity: tlsIdentityOf(options.identity)! } : {}),
    http: options.http,
    resourceGroup: options.resourceGroup,
    ...(options.tokenUrl !== undefined ? { tokenUrl: options.tokenUrl } : {}),
    now: options.now,
  });
  for (const warning of result.warnings) findings.note(warning);
  settlePredictions(result, options.comparison, findings);
  if (result.diagnosis) findings.addDiagnosis(result.diagnosis);
  for (const hop of result.hops) if (hop.ok) findings.add({ passed: [`${hop.name}: ${hop.request}: ${hop.detail}`] });

  const report: NonNullable<DoctorOnlineReport['connection']> = { ok: result.ok, authentication: result.authentication, hops: result.hops };
  if (result.identity) report.identity = result.identity;
  if (result.resourceGroups) report.resourceGroups = result.resourceGroups;
  if (result.scenarioCount !== undefined) report.scenarioCount = result.scenarioCount;
  return report;
}

/** Converts the identity from files for the TLS client. The connection check reads the service key's own identity itself. */
function tlsIdentityOf(identity: PresentedIdentity | undefined): TlsIdentity | undefined {
  if (identity === undefined || identity.source !== 'files' || identity.privateKey === undefined || identity.chain.path.length === 0) return undefined;
  return { certificatePem: identity.chain.path.map((certificate) => certificate.pem).join(''), privateKey: identity.privateKey, origin: identity.origin };
}

function settlePredictions(result: ConnectionCheckResult, comparison: BindingComparison | undefined, findings: Findings): void {
  const tokenHop = result.hops.find((hop) => hop.name === 'token');
  if (tokenHop?.ok && result.authentication === 'certificate') {
    const differs = findings.take('CERTIFICATE_DIFFERS_FROM_BINDING');
    if (differs) findings.note(`XSUAA accepted the certificate although the comparison predicted a rejection: ${differs.evidence.join('; ')}`);
    const ca = findings.take('CLIENT_CA_NOT_TRUSTED');
    if (ca) findings.note(`XSUAA accepted the client chain although it ends outside the documented CAs: ${ca.evidence.join('; ')}`);
    const renewed = findings.get('RENEWED_CERTIFICATE_IN_USE');
    if (renewed) renewed.evidence.push('this run sent a successful token request with the renewed certificate, so XSUAA now rejects older certificates with the same subject and issuer DN');
    return;
  }
  if (result.diagnosis?.code !== 'CLIENT_CERTIFICATE_REJECTED') return;

  const evidence = result.diagnosis.evidence;
  const predicted = [findings.take('CERTIFICATE_DIFFERS_FROM_BINDING'), findings.take('RENEWED_CERTIFICATE_IN_USE')].filter((diagnosis) => diagnosis !== undefined);
  if (predicted.length > 0) {
    evidence.push(...predicted.flatMap((diagnosis) => diagnosis.evidence.map((line) => `likely cause: ${line}`)));
  } else if (comparison?.relation === 'same') {
    evidence.push(
      `${comparison.explanation}. XSUAA still rejected it, so one of these applies: a newer certificate with the same subject and issuer DN was used since (with certificate-pinning false older ones are then rejected), the binding was deleted, or the clientid belongs to another binding`,
    );
  } else if (comparison === undefined) {
    evidence.push('the binding\'s certificate is not known (the service key has no "certificate" and no --binding-params were given), so the presented certificate could not be compared with it');
  }
  const ca = findings.get('CLIENT_CA_NOT_TRUSTED');
  if (ca) evidence.push(...ca.evidence.map((line) => `possible cause (see CLIENT_CA_NOT_TRUSTED): ${line}`));
}
