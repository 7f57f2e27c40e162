import { UsageError } from '../errors.ts';
import type { HttpSettings } from '../http/index.ts';
import { readMaterial, type Certificate } from '../material/index.ts';
import { findBoundCertificate, type BoundCertificate } from './bound-certificate.ts';
import { checkBindingParameters } from './check-binding-parameters.ts';
import { checkBindingText } from './check-binding-text.ts';
import { checkBoundCertificate } from './check-bound-certificate.ts';
import { checkCerturlAlias } from './check-certurl-alias.ts';
import { checkChain } from './check-chain.ts';
import { checkClientCa, type SelfManagedChain } from './check-client-ca.ts';
import { checkClock } from './check-clock.ts';
import { checkConnection } from './check-connection.ts';
import { checkIdentity } from './check-identity.ts';
import { checkPkcs12 } from './check-pkcs12.ts';
import { checkServerRoots } from './check-server-roots.ts';
import { checkServiceKey } from './check-service-key.ts';
import { checkTokenUrl, normalizeTokenUrl } from './check-token-url.ts';
import type { BindingComparison } from './compare-certificates.ts';
import { Findings } from './findings.ts';
import { loadBindingParameters, type LoadedBindingParameters } from './load-binding-parameters.ts';
import { loadIdentity, type LoadedIdentity } from './load-identity.ts';
import { loadServiceKey, type LoadedServiceKey } from './load-service-key.ts';
import { readXsuaaMetadata } from './read-xsuaa-metadata.ts';
import type { DoctorInputs, DoctorOnlineReport, DoctorReport } from './types.ts';

interface Loaded {
  serviceKey?: LoadedServiceKey;
  identity: LoadedIdentity;
  parameters?: LoadedBindingParameters;
  caCertificates: Certificate[];
  bound?: BoundCertificate;
}

/**
 * Runs every check the inputs allow and returns the named diagnoses. Offline checks of the
 * files run first. The online checks (token and SAP AI Core, XSUAA's clock and certurl alias,
 * and with `probe` the server roots) run only with a usable service key and without `offline`.
 * Throws only for unusable arguments and missing files, because every finding about the
 * content is a diagnosis.
 */
export async function runDoctor(inputs: DoctorInputs): Promise<DoctorReport> {
  checkArguments(inputs);
  const now = inputs.now ?? (() => new Date());
  const tokenUrl = inputs.tokenUrl === undefined ? undefined : normalizeTokenUrl(inputs.tokenUrl);
  const findings = new Findings();
  const loaded = await loadInputs(inputs, findings);
  const credentials = loaded.serviceKey?.credentials;

  if (credentials) {
    findings.add(checkServiceKey(credentials));
    findings.add(checkTokenUrl(credentials, tokenUrl));
  }
  const identity = loaded.identity.identity;
  findings.add(checkIdentity(identity, credentials, now(), inputs.warnDays ?? 30));
  if (identity?.chain.leaf) findings.add(checkChain(identity, [...loaded.caCertificates, ...(loaded.bound ? [loaded.bound.leaf] : []), ...(loaded.parameters?.certificates ?? [])]));
  let comparison: BindingComparison | undefined;
  if (identity?.source === 'files' && identity.chain.leaf && loaded.bound) {
    const checked = checkBoundCertificate(identity.chain.leaf, loaded.bound);
    comparison = checked.comparison;
    findings.add(checked);
  }
  findings.add(checkClientCa(selfManagedChains(loaded, comparison)));
  findings.add(checkPkcs12(loaded.identity.files.flatMap((file) => (file.material.pkcs12 ? [{ option: file.option, path: file.path, report: file.material.pkcs12 }] : []))));
  if (loaded.parameters) {
    findings.add(checkBindingParameters(loaded.parameters));
    findings.add(checkBindingText(loaded.parameters));
  }

  const online = await runOnline(inputs, loaded, findings, { tokenUrl, comparison, now });
  const diagnoses = findings.diagnoses();
  return {
    ok: diagnoses.length === 0,
    diagnoses,
    passed: findings.passed(),
    notes: findings.notes(),
    inputs: describeInputs(inputs),
    online,
  };
}

function checkArguments(inputs: DoctorInputs): void {
  const anyInput = [inputs.serviceKey, inputs.certificate, inputs.key, inputs.bundle, inputs.pkcs12, inputs.bindingParameters].some((value) => value !== undefined);
  if (!anyInput) {
    throw new UsageError('nothing to check: no service key, certificate, key, bundle, PKCS#12 or binding parameters file was given', {
      fix: 'Give at least one input, for example --service-key aicore-key.json --bundle islm-strust.pem.',
    });
  }
  if (inputs.probe && inputs.offline) {
    throw new UsageError('--probe connects to the certurl and AI_API_URL hosts, so it cannot be combined with --offline', { fix: 'Leave out one of the two options.' });
  }
  if (inputs.probe && inputs.serviceKey === undefined) {
    throw new UsageError('--probe needs --service-key, which names the certurl and AI_API_URL hosts', { fix: 'Add --service-key FILE.' });
  }
}

async function loadInputs(inputs: DoctorInputs, findings: Findings): Promise<Loaded> {
  const serviceKey = inputs.serviceKey === undefined ? undefined : await loadServiceKey(inputs.serviceKey);
  if (serviceKey) findings.add(serviceKey.outcome);
  const identity = await loadIdentity(inputs, serviceKey?.credentials);
  findings.add(identity.outcome);
  const parameters = inputs.bindingParameters === undefined ? undefined : await loadBindingParameters(inputs.bindingParameters);

  const caCertificates: Certificate[] = [];
  for (const [index, pem] of (inputs.caCertificates ?? []).entries()) {
    caCertificates.push(...(await readMaterial({ bytes: Buffer.from(pem), origin: `--ca-file certificate ${index + 1}` })).certificates);
  }
  const loaded: Loaded = { identity, caCertificates };
  if (serviceKey) loaded.serviceKey = serviceKey;
  if (parameters) loaded.parameters = parameters;
  const bound = await findBoundCertificate(serviceKey?.credentials, serviceKey?.pinning, parameters);
  if (bound) loaded.bound = bound;
  return loaded;
}

/**
 * Chains whose CA XSUAA must still accept: the identity from files and the certificate in the
 * binding parameters. A certificate the service key already contains was accepted when the binding
 * was created (or XSUAA issued it), so neither it nor a certificate of the same issuer is judged.
 */
function selfManagedChains(loaded: Loaded, comparison: BindingComparison | undefined): SelfManagedChain[] {
  const chains: SelfManagedChain[] = [];
  const identity = loaded.identity.identity;
  // A certificate with the bound certificate's issuer DN comes from a CA the binding was already accepted under.
  const boundIssuer = comparison !== undefined && ['same', 'renewed', 'older'].includes(comparison.relation);
  if (identity?.source === 'files' && identity.chain.leaf && !boundIssuer) chains.push({ origin: identity.origin, path: identity.chain.path });
  const parameters = loaded.parameters;
  const boundByKey = loaded.bound !== undefined && loaded.serviceKey?.credentials?.certificate !== undefined;
  const alreadyBound = boundByKey && parameters?.certificates.some((certificate) => certificate.x509.fingerprint256 === loaded.bound!.leaf.x509.fingerprint256);
  if (parameters && parameters.certificates.length > 0 && !alreadyBound) chains.push({ origin: `the certificate in binding parameters "${parameters.path}"`, path: parameters.certificates });
  return chains;
}

interface OnlineContext {
  tokenUrl: string | undefined;
  comparison: BindingComparison | undefined;
  now: () => Date;
}

async function runOnline(inputs: DoctorInputs, loaded: Loaded, findings: Findings, context: OnlineContext): Promise<DoctorOnlineReport> {
  const online: DoctorOnlineReport = { ran: false, skipped: [] };
  const credentials = loaded.serviceKey?.credentials;
  if (inputs.offline) {
    online.skipped.push('--offline: no network check ran');
    return online;
  }
  if (credentials === undefined) {
    online.skipped.push(inputs.serviceKey === undefined ? 'no --service-key: the online checks need its URLs' : 'the service key cannot be read, so no online check ran');
    return online;
  }
  online.ran = true;
  const http = httpSettings(inputs);
  const tasks: Array<Promise<void>> = [];

  const renewedUntested = context.comparison?.relation === 'renewed' && context.comparison.rejected !== true && !inputs.testRenewedCertificate;
  if (renewedUntested) {
    const reason = 'the token request was not sent: the certificate renews the bound one, and a successful request would make XSUAA reject the older certificate S/4HANA may still present. Pass --test-renewed once S/4HANA holds the renewed certificate';
    online.skipped.push(reason);
    findings.get('RENEWED_CERTIFICATE_IN_USE')?.evidence.push(reason);
  } else if (credentials.serviceurls?.['AI_API_URL'] === undefined) {
    online.skipped.push('the service key has no serviceurls.AI_API_URL, so the token and SAP AI Core checks did not run');
  } else {
    const connection = {
      credentials,
      http,
      resourceGroup: inputs.resourceGroup ?? 'default',
      now: context.now,
      ...(loaded.identity.identity ? { identity: loaded.identity.identity } : {}),
      ...(context.tokenUrl !== undefined ? { tokenUrl: context.tokenUrl } : {}),
      ...(context.comparison ? { comparison: context.comparison } : {}),
    };
    tasks.push(checkConnection(connection, findings).then((report) => void (online.connection = report)));
  }

  // XSUAA's clock and OpenID configuration are read from `url` of the same tenant, because the
  // certurl host may end a handshake without a client certificate before any response.
  const metadataBase = credentials.url ?? credentials.certurl;
  if (metadataBase !== undefined) {
    tasks.push(
      readXsuaaMetadata(metadataBase, http, context.now).then((metadata) => {
        const clock = checkClock(metadata, inputs.clockSkewToleranceSeconds ?? 60);
        findings.add(clock);
        if (clock.clock) online.clock = clock.clock;
        findings.add(checkCerturlAlias(metadata, credentials));
      }),
    );
  }

  if (inputs.probe) {
    const bundleCertificates = loaded.identity.files.filter((file) => file.option === '--bundle' || file.option === '--pkcs12').flatMap((file) => file.material.certificates);
    const givenRoots = [...loaded.caCertificates, ...bundleCertificates];
    const sources = [inputs.caCertificates?.length ? '--ca-file' : undefined, bundleCertificates.length > 0 ? '--bundle/--pkcs12' : undefined].filter(Boolean).join(' and ');
    tasks.push(
      checkServerRoots({ credentials, extraCa: http.extraCaCertificates ?? [], givenRoots, givenRootsSource: sources, ...(inputs.probeTimeoutMs ? { timeoutMs: inputs.probeTimeoutMs } : {}) }).then((result) => {
        findings.add(result);
        online.servers = result.servers;
      }),
    );
  }
  await Promise.all(tasks);
  return online;
}

function httpSettings(inputs: DoctorInputs): HttpSettings {
  const extra = [...(inputs.http?.extraCaCertificates ?? []), ...(inputs.caCertificates ?? [])];
  return { ...inputs.http, ...(extra.length > 0 ? { extraCaCertificates: extra } : {}) };
}

function describeInputs(inputs: DoctorInputs): Record<string, string> {
  const described: Record<string, string> = {};
  const files: Array<[string, string | undefined]> = [
    ['--service-key', inputs.serviceKey],
    ['--cert', inputs.certificate],
    ['--key', inputs.key],
    ['--bundle', inputs.bundle],
    ['--pkcs12', inputs.pkcs12],
    ['--binding-params', inputs.bindingParameters],
    ['--token-url', inputs.tokenUrl],
  ];
  for (const [option, value] of files) if (value !== undefined) described[option] = value;
  if (inputs.caCertificates?.length) described['--ca-file'] = `${inputs.caCertificates.length} certificate(s)`;
  described['--resource-group'] = inputs.resourceGroup ?? 'default';
  return described;
}
