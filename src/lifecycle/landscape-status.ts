import type { DestinationCertificateClient } from '../btp/destination/index.ts';
import type { ServiceCredentials } from '../credentials/index.ts';
import type { HttpClient, HttpSettings } from '../http/index.ts';
import { readMaterial, type Certificate } from '../material/index.ts';
import { planRenewal, type AutoRenewState } from '../s4/renewal.ts';
import type { TokenCache } from '../xsuaa/index.ts';
import { factsOfCertificate, leafOf } from './certificate-facts.ts';
import { readReferencedCredentials } from './inventory-file.ts';
import type { Inventory, Landscape } from './inventory.ts';
import { runLandscapeCheck, type LandscapeCheck } from './landscape-check.ts';
import { readSetupFacts } from './setup-summary.ts';
import type { CertificateObservation, StateStore } from './state-store.ts';
import { evaluateLandscape, type CertificateFacts, type Finding, type Verdict, type VerdictInput } from './verdict.ts';

export interface StatusOptions {
  inventory: Inventory;
  store: StateStore;
  http: HttpSettings;
  tokenCache: TokenCache;
  /** Evaluation time; the system clock by default. */
  now: () => Date;
  warnDays: number;
  failDays: number;
  /** Run a live connection check with the certificate S/4HANA holds (see landscape-check.ts). */
  check: boolean;
  environment?: NodeJS.ProcessEnv;
  /**
   * HTTP client shared by the Destination API calls of all landscapes. Each new client builds a
   * TLS context from Node's root store plus the extra CAs (about 19 ms of CPU each in a profile
   * of bench/status-200-landscapes.mjs), so one shared client is much cheaper than one per landscape.
   */
  destinationHttp?: HttpClient;
}

export type CertificateView = CertificateFacts & { serialNumber?: string; daysLeft?: number };

export interface LandscapeStatus {
  landscape: string;
  verdict: Verdict;
  urgent: boolean;
  s4: { system: string; client?: string; identity: string; certificate: (CertificateView & { recordedAt: string; origin: string }) | null };
  btp: { certificateName: string; certificate?: CertificateView; error?: string };
  renewal?: { autoRenew: AutoRenewState; lead: string; attemptAt: string; reimportBy: string; rule: string };
  pinning: boolean | 'unknown';
  xsuaaGenerated?: CertificateView;
  /** The certificate registered in a self-managed binding, as the SAP AI Core key shows it. */
  bindingCertificate?: CertificateView;
  check?: LandscapeCheck;
  findings: Finding[];
  warnings: string[];
}

/** Collects the certificates of one landscape from BTP, the SAP AI Core key and the state database, records them, and rates the landscape. */
export async function landscapeStatus(landscape: Landscape, options: StatusOptions): Promise<LandscapeStatus> {
  const now = options.now();
  const warnings: string[] = [];
  const view = (facts: CertificateFacts & { serialNumber?: string }): CertificateView =>
    facts.notAfter === undefined ? facts : { ...facts, daysLeft: Math.floor((new Date(facts.notAfter).getTime() - now.getTime()) / 86_400_000) };

  const setup = await readSetupFacts(options.inventory, landscape);
  if (setup && 'error' in setup) warnings.push(`setup summary not used: ${setup.error}`);
  const setupFacts = setup && !('error' in setup) ? setup : undefined;

  const btp = await readBtpCertificate(landscape, options);
  if (btp.certificate) {
    options.store.recordObservation({ landscape: landscape.name, source: 'btp', ...btp.certificate, observedAt: now.toISOString(), origin: `Destination certificate "${landscape.destination.certificateName}"` });
  }

  const aicore = await readAicoreKey(landscape, options, warnings);
  const pinning = setupFacts?.pinning ?? landscape.aicore?.pinning ?? 'unknown';
  let xsuaaGenerated: (CertificateFacts & { serialNumber: string }) | undefined;
  let bindingCertificate: CertificateFacts | undefined;
  if (aicore?.certificate) {
    options.store.recordObservation({ landscape: landscape.name, source: 'binding', ...aicore.certificate, observedAt: now.toISOString(), origin: aicore.credentials.source.description });
    // A key whose certificate has another issuer than the Destination certificate carries an
    // XSUAA-generated certificate; the same issuer means a copy of the Destination certificate.
    // NOTE: inferred from the issuer only; a self-managed certificate from another CA also counts as XSUAA-generated here.
    if (!btp.certificate || aicore.certificate.issuer !== btp.certificate.issuer) xsuaaGenerated = aicore.certificate;
    else bindingCertificate = aicore.certificate;
  }

  const s4Record = options.store.latestObservation(landscape.name, 's4');
  const s4 = s4Record ? completeS4Record(s4Record, options.store) : undefined;

  const autoRenew = setupFacts?.autoRenew ?? landscape.autoRenew;
  let autoRenewState: AutoRenewState = 'unknown';
  if (autoRenew !== undefined) autoRenewState = autoRenew ? 'on' : 'off';
  const plan = btp.certificate
    ? planRenewal({ notBefore: new Date(btp.certificate.notBefore), notAfter: new Date(btp.certificate.notAfter), autoRenew: autoRenewState, validity: setupFacts?.validity, now })
    : undefined;

  const check = options.check ? await runLandscapeCheck({ landscape, options, aicore, btpSha256: btp.certificate?.sha256, s4, pinning, now }) : undefined;
  if (check && check.outcome !== 'skipped') {
    options.store.recordCheck({ landscape: landscape.name, checkedAt: now.toISOString(), ok: check.outcome === 'passed', certificateSha256: check.certificateSha256, diagnosis: check.diagnosis, detail: check.detail });
  }

  const evaluation = evaluateLandscape({
    now,
    warnDays: options.warnDays,
    failDays: options.failDays,
    btp: btp.certificate ?? { error: btp.error ?? 'unknown error' },
    s4,
    pinning,
    xsuaaGenerated,
    bindingCertificate,
    renewalAttemptAt: plan && plan.autoRenew !== 'off' ? plan.renewalAttemptAt : undefined,
    check: checkForVerdict(check),
  });
  options.store.recordStatus(landscape.name, now.toISOString(), evaluation.verdict, evaluation.findings);

  const status: LandscapeStatus = {
    landscape: landscape.name,
    verdict: evaluation.verdict,
    urgent: evaluation.urgent,
    s4: { ...landscape.s4, certificate: s4 && s4Record ? { ...view(s4), recordedAt: s4Record.observedAt, origin: s4Record.origin } : null },
    btp: { certificateName: landscape.destination.certificateName, ...(btp.certificate ? { certificate: view(btp.certificate) } : { error: btp.error }) },
    pinning,
    findings: evaluation.findings,
    warnings,
  };
  if (plan) {
    status.renewal = { autoRenew: plan.autoRenew, lead: plan.lead.label, attemptAt: plan.renewalAttemptAt.toISOString(), reimportBy: plan.reimportBy.toISOString(), rule: plan.reimportRule };
  }
  if (xsuaaGenerated) status.xsuaaGenerated = view(xsuaaGenerated);
  if (bindingCertificate) status.bindingCertificate = view(bindingCertificate);
  if (check) status.check = check;
  return status;
}

/** Reads the public chain of the landscape's certificate from the Destination service (no private key is transferred). */
async function readBtpCertificate(landscape: Landscape, options: StatusOptions): Promise<{ certificate?: ReturnType<typeof factsOfCertificate>; error?: string }> {
  let client: DestinationCertificateClient | undefined;
  try {
    const credentials = await readReferencedCredentials(options.inventory, landscape.destination.serviceKey, 'destination', options.environment);
    client = await destinationClient(credentials, landscape, options);
    const entries = await client.publicKeys(landscape.destination.certificateName);
    const certificates: Certificate[] = [];
    for (const entry of entries) {
      const material = await readMaterial({ bytes: Buffer.from(entry.pem), origin: `public keys of "${landscape.destination.certificateName}"` });
      certificates.push(...material.certificates);
    }
    const leaf = leafOf(certificates);
    if (!leaf) return { error: `the Destination service returned no certificate for "${landscape.destination.certificateName}"` };
    return { certificate: factsOfCertificate(leaf) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { error: `${(error as Error).message}${typeof code === 'string' ? ` [${code}]` : ''}` };
  } finally {
    await client?.close();
  }
}

/** Creates a Destination client on the shared HTTP client when there is one; bearer tokens come from the key's own XSUAA client. */
export async function destinationClient(credentials: ServiceCredentials, landscape: Landscape, options: StatusOptions): Promise<DestinationCertificateClient> {
  const { createDestinationClient, DestinationCertificateClient } = await import('../btp/destination/index.ts');
  if (!options.destinationHttp || credentials.kind !== 'destination' || !credentials.uri) {
    return createDestinationClient({ credentials, http: options.http, level: landscape.destination.level, cache: options.tokenCache });
  }
  const { createTokenProvider } = await import('../xsuaa/index.ts');
  return new DestinationCertificateClient({
    serviceUri: credentials.uri,
    level: landscape.destination.level,
    http: options.destinationHttp,
    getAccessToken: createTokenProvider({ credentials, http: options.http, cache: options.tokenCache }),
  });
}

export interface AicoreKey {
  credentials: ServiceCredentials;
  /** The key's own client certificate (leaf), when it carries one. */
  certificate?: ReturnType<typeof factsOfCertificate>;
}

async function readAicoreKey(landscape: Landscape, options: StatusOptions, warnings: string[]): Promise<AicoreKey | undefined> {
  if (!landscape.aicore) return undefined;
  try {
    const credentials = await readReferencedCredentials(options.inventory, landscape.aicore.serviceKey, 'aicore', options.environment);
    if (!credentials.certificate) return { credentials };
    const material = await readMaterial({ bytes: Buffer.from(credentials.certificate), origin: `field "certificate" of ${credentials.source.description}` });
    const leaf = leafOf(material.certificates);
    return leaf ? { credentials, certificate: factsOfCertificate(leaf) } : { credentials };
  } catch (error) {
    warnings.push(`SAP AI Core key not read: ${(error as Error).message}`);
    return undefined;
  }
}

function checkForVerdict(check: LandscapeCheck | undefined): VerdictInput['check'] {
  if (check === undefined) return undefined;
  if (check.outcome === 'skipped') return { skipped: check.detail };
  return { ok: check.outcome === 'passed', detail: check.detail };
}

/** Fills a fingerprint-only S/4HANA record from an earlier observation of the same certificate. */
function completeS4Record(record: CertificateObservation, store: StateStore): CertificateFacts {
  if (record.notAfter !== undefined) return record;
  const known = store.findCertificate(record.landscape, record.sha256);
  return known ? { ...known, sha256: record.sha256 } : record;
}
