import { exitCodeForDiagnosis } from '../../check/classify-failure.ts';
import { runConnectionCheck, type ConnectionCheckResult } from '../../check/connection-check.ts';
import { credentialsFromEnvironment, readCredentialsFile, type ServiceCredentials } from '../../credentials/index.ts';
import { UsageError } from '../../errors.ts';
import type { TlsIdentity } from '../../http/index.ts';
import { httpSettingsFrom } from '../connection-options.ts';
import type { Output } from '../output.ts';
import { passwordProviderFrom } from '../password-options.ts';

export interface CheckCommandOptions {
  serviceKey?: string;
  cert?: string;
  key?: string;
  bundle?: string;
  resourceGroup: string;
  tokenUrl?: string;
  caFile?: string[];
  passwordFile?: string;
  passwordEnv?: string;
}

export async function runCheckCommand(options: CheckCommandOptions, output: Output): Promise<number> {
  if (options.bundle && (options.cert || options.key)) {
    throw new UsageError('--bundle cannot be combined with --cert or --key', { fix: 'Give either one bundle file, or --cert and --key.' });
  }
  if (options.key && !options.cert) {
    throw new UsageError('--key needs --cert', { fix: 'Give the certificate with --cert as well, or use --bundle.' });
  }
  const credentials = await readServiceKey(options.serviceKey);
  for (const warning of credentials.warnings) output.warn(warning);
  for (const repair of credentials.repairs) output.warn(repair.message);

  const identity = await readIdentity(options);
  const result = await runConnectionCheck({
    credentials,
    identity,
    http: await httpSettingsFrom(options),
    resourceGroup: options.resourceGroup,
    tokenUrl: options.tokenUrl,
  });

  output.text(renderCheck(result));
  output.result(result);
  return result.ok ? 0 : exitCodeForDiagnosis(result.diagnosis?.code ?? 'CHECK_FAILED');
}

/** `--service-key`, else AICORE_SERVICE_KEY, else VCAP_SERVICES, as SAP's SDKs look them up. */
async function readServiceKey(path: string | undefined): Promise<ServiceCredentials> {
  if (path !== undefined) return readCredentialsFile(path, { service: 'aicore' });
  const fromEnvironment = credentialsFromEnvironment(process.env, { service: 'aicore' });
  if (fromEnvironment) return fromEnvironment;
  throw new UsageError('no SAP AI Core service key: --service-key is not given and neither AICORE_SERVICE_KEY nor VCAP_SERVICES is set', {
    fix: 'Give the service key file with --service-key FILE, or export AICORE_SERVICE_KEY with the service key JSON.',
  });
}

async function readIdentity(options: CheckCommandOptions): Promise<TlsIdentity | undefined> {
  const path = options.bundle ?? options.cert;
  if (!path) return undefined;
  const { readMaterialFile } = await import('../../material/index.ts');
  const passwords = passwordProviderFrom(options, 'password');
  const material = await readMaterialFile(path, { passwords });
  const keyMaterial = options.key ? await readMaterialFile(options.key, { passwords }) : material;
  const key = keyMaterial.privateKeys[0];
  if (!key) {
    throw new UsageError(`no private key in "${options.key ?? path}"`, { fix: 'Give the private key with --key, or a bundle that contains it.' });
  }
  if (material.certificates.length === 0) {
    throw new UsageError(`no certificate in "${path}"`, { fix: 'Give the client certificate with --cert or --bundle.' });
  }
  const { buildChain } = await import('../../x509/chain.ts');
  const chain = buildChain(material.certificates, { privateKey: key.keyObject });
  return { certificatePem: chain.path.map((certificate) => certificate.pem).join(''), privateKey: key.keyObject, origin: path };
}

/** Human rendering: identity, one line per hop, then the verdict or the diagnosis. */
export function renderCheck(result: ConnectionCheckResult): string {
  const lines: string[] = [];
  if (result.identity) {
    lines.push(`identity presented: ${result.identity.subject}`, `  serial ${result.identity.serialNumber}, notAfter ${result.identity.notAfter}, chain of ${result.identity.chainLength}`);
  } else {
    lines.push(`authentication: ${result.authentication === 'secret' ? 'client secret (not mTLS)' : 'client certificate'}`);
  }
  const width = Math.max(...result.hops.map((hop) => hop.name.length), 5);
  for (const hop of result.hops) {
    lines.push(`${hop.ok ? 'ok  ' : 'FAIL'} ${hop.name.padEnd(width)}  ${String(hop.durationMs).padStart(5)} ms  ${hop.request}`);
    lines.push(`     ${' '.repeat(width)}            ${hop.detail}`);
  }
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  if (result.ok) {
    lines.push(result.authentication === 'certificate' ? 'Connection OK over mTLS: ISLM\'s Check Connection should report READY with the same certificate.' : 'Connection OK with a client secret. ISLM over mTLS needs an x509 key (aicore-mtls setup).');
    return lines.join('\n');
  }
  const diagnosis = result.diagnosis!;
  lines.push('', `${diagnosis.code}: ${diagnosis.title}`, `  meaning:  ${diagnosis.meaning}`);
  for (const evidence of diagnosis.evidence) lines.push(`  evidence: ${evidence}`);
  lines.push(`  fix:      ${diagnosis.fix}`);
  return lines.join('\n');
}
