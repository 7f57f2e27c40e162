import { createAiCoreClient } from '../aicore/index.ts';
import type { ServiceCredentials } from '../credentials/index.ts';
import { diagnose, type Diagnosis } from '../doctor/diagnoses.ts';
import { describeCertificateChain, prepareTlsIdentity, type HttpSettings, type IdentitySummary, type TlsIdentity } from '../http/index.ts';
import { fetchClientCredentialsToken, TokenCache } from '../xsuaa/index.ts';
import { classifyFailure } from './classify-failure.ts';

export interface ConnectionCheckOptions {
  /** The SAP AI Core service key or binding credentials. */
  credentials: ServiceCredentials;
  /** Client certificate and key when the credentials do not carry them (self-managed certificates). */
  identity?: TlsIdentity;
  http: HttpSettings;
  /** Resource group for `AI-Resource-Group`; ISLM_REUSE_CFGV's Resource Group. */
  resourceGroup: string;
  /**
   * Token endpoint to use instead of the one the credentials select, to reproduce what an
   * S/4HANA configuration calls. A base URL or a full `…/oauth/token` URL.
   */
  tokenUrl?: string;
  cache?: TokenCache;
  now?: () => Date;
}

export type CheckHopName = 'token' | 'resource-groups' | 'scenarios';

export interface CheckHop {
  name: CheckHopName;
  /** `POST https://…/oauth/token`, `GET https://…/v2/lm/scenarios`. */
  request: string;
  ok: boolean;
  durationMs: number;
  /** The hop's finding, or the reason it failed. */
  detail: string;
}

export interface ConnectionCheckResult {
  ok: boolean;
  authentication: 'certificate' | 'secret';
  /** The client certificate presented to certurl. */
  identity?: IdentitySummary;
  hops: CheckHop[];
  resourceGroups?: string[];
  scenarioCount?: number;
  /** The named failure; absent when `ok`. */
  diagnosis?: Diagnosis;
  warnings: string[];
}

/**
 * Runs what ISLM's "Check Connection" does, from the workstation: a client-credentials token
 * from XSUAA (certurl over mTLS for x509 keys), then SAP AI Core's resource groups and
 * scenarios with that token. Offline checks of the identity run first, so an expired
 * certificate or a wrong key is named before any request is sent.
 */
export async function runConnectionCheck(options: ConnectionCheckOptions): Promise<ConnectionCheckResult> {
  const now = options.now ?? (() => new Date());
  const credentials = withTokenUrl(options.credentials, options.tokenUrl);
  const authentication = credentials.credentialType === 'x509' ? 'certificate' : 'secret';
  const result: ConnectionCheckResult = { ok: false, authentication, hops: [], warnings: [...credentials.warnings] };

  const identity = authentication === 'certificate' ? identityOf(credentials, options.identity) : undefined;
  if (identity) {
    const preflight = checkIdentity(identity, now(), result);
    if (preflight) {
      result.diagnosis = preflight;
      return result;
    }
  }

  const cache = options.cache ?? new TokenCache();
  const tokenHop = await timed('token', `POST ${tokenEndpointOf(credentials, authentication)}`, async () => {
    const token = await fetchClientCredentialsToken({ credentials, identity, http: options.http, cache, forceRefresh: true });
    result.warnings.push(...token.warnings);
    return `${token.tokenType} token for ${token.clientid}, expires in ${token.expiresIn} s`;
  });
  result.hops.push(tokenHop.hop);
  if (tokenHop.error !== undefined) {
    result.diagnosis = classifyFailure(tokenHop.error, authentication);
    return result;
  }

  const client = createAiCoreClient({ credentials, identity, http: options.http, resourceGroup: options.resourceGroup, cache });
  const api = credentials.serviceurls?.AI_API_URL?.replace(/\/+$/, '') ?? '';
  try {
    const groupsHop = await timed('resource-groups', `GET ${api}/v2/admin/resourceGroups`, async () => {
      const list = await client.listResourceGroups();
      result.resourceGroups = list.resources.map((group) => group.resourceGroupId);
      const group = list.resources.find((entry) => entry.resourceGroupId === options.resourceGroup);
      if (!group) return `${list.count} resource group(s); "${options.resourceGroup}" is not among them`;
      return `${list.count} resource group(s); "${group.resourceGroupId}" is ${group.status}`;
    });
    result.hops.push(groupsHop.hop);
    if (groupsHop.error !== undefined) {
      result.diagnosis = classifyFailure(groupsHop.error, authentication);
      return result;
    }
    if (!result.resourceGroups?.includes(options.resourceGroup)) {
      groupsHop.hop.ok = false;
      result.diagnosis = diagnose('AICORE_RESOURCE_GROUP_NOT_FOUND', [`GET /v2/admin/resourceGroups lists ${result.resourceGroups?.join(', ') || 'no groups'}`]);
      return result;
    }

    const scenariosHop = await timed('scenarios', `GET ${api}/v2/lm/scenarios (AI-Resource-Group: ${options.resourceGroup})`, async () => {
      const scenarios = await client.listScenarios({ resourceGroup: options.resourceGroup });
      result.scenarioCount = scenarios.count;
      return `${scenarios.count} scenario(s)`;
    });
    result.hops.push(scenariosHop.hop);
    if (scenariosHop.error !== undefined) {
      result.diagnosis = classifyFailure(scenariosHop.error, authentication);
      return result;
    }
  } finally {
    await client.close();
  }

  result.ok = true;
  return result;
}

function identityOf(credentials: ServiceCredentials, given: TlsIdentity | undefined): TlsIdentity | undefined {
  if (given) return given;
  if (credentials.certificate && credentials.key) {
    return { certificatePem: credentials.certificate, privateKey: credentials.key, origin: credentials.source.description };
  }
  return undefined;
}

/** Expiry and key match, checked before any request. Returns the diagnosis that stops the check. */
function checkIdentity(identity: TlsIdentity, now: Date, result: ConnectionCheckResult): Diagnosis | undefined {
  const summary = describeCertificateChain(identity.certificatePem, identity.origin);
  result.identity = summary;
  const evidence = [`certificate ${summary.subject}, serial ${summary.serialNumber}, valid ${summary.notBefore} to ${summary.notAfter}`];
  if (new Date(summary.notAfter) < now) return diagnose('CERTIFICATE_EXPIRED', evidence);
  if (new Date(summary.notBefore) > now) return diagnose('CERTIFICATE_NOT_YET_VALID', evidence);
  try {
    prepareTlsIdentity(identity);
  } catch (error) {
    const diagnosis = classifyFailure(error, 'certificate');
    return diagnosis.code === 'CHECK_FAILED' ? diagnosis : { ...diagnosis, evidence: [...evidence, ...diagnosis.evidence] };
  }
  return undefined;
}

function withTokenUrl(credentials: ServiceCredentials, tokenUrl: string | undefined): ServiceCredentials {
  if (tokenUrl === undefined) return credentials;
  const base = tokenUrl.replace(/\/+$/, '').replace(/\/oauth\/token$/, '');
  return credentials.credentialType === 'x509' ? { ...credentials, certurl: base } : { ...credentials, url: base };
}

function tokenEndpointOf(credentials: ServiceCredentials, authentication: 'certificate' | 'secret'): string {
  const base = (authentication === 'certificate' ? credentials.certurl : credentials.url) ?? '';
  return `${base.replace(/\/+$/, '')}/oauth/token`;
}

async function timed(name: CheckHopName, request: string, run: () => Promise<string>): Promise<{ hop: CheckHop; error?: unknown }> {
  const started = performance.now();
  try {
    const detail = await run();
    return { hop: { name, request, ok: true, durationMs: Math.round(performance.now() - started), detail } };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { hop: { name, request, ok: false, durationMs: Math.round(performance.now() - started), detail }, error };
  }
}
