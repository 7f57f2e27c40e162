import { createHash, type KeyObject } from 'node:crypto';
import { join } from 'node:path';

import type { ServiceCredentials } from '../credentials/index.ts';
import { encodePrivateKeyPem } from '../csr/private-key-pem.ts';
import { writePkcs12 } from '../pkcs12/index.ts';
import { registerSecret } from '../redact.ts';
import { buildS4Sheet, parseServiceUrl, renderS4Sheet, selectRoots, writeRootFiles, type ImportFileInput, type S4SheetInput } from '../s4/index.ts';
import { ArtefactWriter } from './artefact-writer.ts';
import type { EnsuredBinding } from './binding-step.ts';
import type { ObtainedCertificate } from './certificate-step.ts';
import type { SetupContext } from './context.ts';
import { certificateBaseName } from './options.ts';

export interface ArtefactInputs {
  obtained: ObtainedCertificate;
  ensured: EnsuredBinding;
  /** The certificate password, for the STRUST import files. */
  password: string | undefined;
}

/** Relative paths of the files `setup` writes, so commands and tests name them the same way. */
export const artefactPaths = {
  bindingParameters: 'binding-parameters.json',
  bindingCredentials: 'aicore-binding.json',
  serviceKeyWithKey: 'aicore-service-key.json',
  pythonConfig: join('python', 'config.json'),
  pythonCertificate: join('python', 'client-certificate.pem'),
  pythonKey: join('python', 'client-key.pem'),
  rootsFolder: join('strust', 'roots'),
  sheetMarkdown: 's4-sheet.md',
  sheetHtml: 's4-sheet.html',
  sheetJson: 's4-sheet.json',
  summary: 'setup.json',
} as const;

/**
 * Step 5: writes what the S/4HANA admin and SAP AI SDK users need. That is the STRUST import
 * files, the roots for the two PSEs, the binding parameters and credentials, and an
 * AICORE_SERVICE_KEY-ready key with the private key added. A Python ai-core-sdk configuration
 * and the S/4HANA sheet complete it.
 * Files holding key material or credentials get mode 0600.
 */
export async function writeArtefacts(context: SetupContext, inputs: ArtefactInputs, sheetGenerator: string): Promise<S4SheetInput> {
  const writer = new ArtefactWriter(context);
  const { obtained, ensured, password } = inputs;
  const base = certificateBaseName(context.options.certificateName);
  const importFiles = await writeStrustFiles(writer, obtained, password, base, context);

  await writer.write(artefactPaths.bindingParameters, `${JSON.stringify(ensured.parameters, null, 2)}\n`, 'binding parameters (x509, under "xsuaa") for btp or cf');
  await writer.write(artefactPaths.bindingCredentials, `${JSON.stringify(ensured.binding.credentials ?? {}, null, 2)}\n`, 'credentials of the SAP AI Core x509 binding', { secret: true });

  if (obtained.privateKey) {
    const keyPem = obtained.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    registerSecret(keyPem);
    const serviceKey = { ...(ensured.binding.credentials ?? {}), certificate: obtained.chainPem, key: keyPem };
    await writer.write(artefactPaths.serviceKeyWithKey, `${JSON.stringify(serviceKey, null, 2)}\n`, 'AICORE_SERVICE_KEY for SAP Cloud SDK for AI, with the private key', { secret: true });
    await writePythonConfig(writer, ensured.credentials, obtained.chainPem, keyPem, context.options.resourceGroup);
  }

  const sheetInput = await buildSheetInput(context, writer, ensured.credentials, importFiles, sheetGenerator);
  const sheet = buildS4Sheet(sheetInput);
  await writer.write(artefactPaths.sheetMarkdown, renderS4Sheet(sheet, 'md'), 'S/4HANA configuration sheet (Markdown)');
  await writer.write(artefactPaths.sheetHtml, renderS4Sheet(sheet, 'html'), 'S/4HANA configuration sheet (HTML, self-contained)');
  await writer.write(artefactPaths.sheetJson, renderS4Sheet(sheet, 'json'), 'S/4HANA configuration sheet (JSON, for automation)');
  await context.save();
  return sheetInput;
}

async function writeStrustFiles(
  writer: ArtefactWriter,
  obtained: ObtainedCertificate,
  password: string | undefined,
  base: string,
  context: SetupContext,
): Promise<ImportFileInput[]> {
  const files: ImportFileInput[] = [];
  const chainSubjects = obtained.certificates.map((certificate) => certificate.x509.subject.split('\n').reverse().join(', '));
  const passwordSource = context.options.passwordSource;

  if (!obtained.privateKey) {
    const path = join('strust', `${base}-certificate-response.pem`);
    await writer.write(path, obtained.chainPem, 'certificate response for STRUST (CSR path), leaf first');
    files.push({ path: writer.path(path), sha256: sha256(obtained.chainPem), format: 'pem', contents: `${obtained.certificates.length} certificates, no key`, chain: chainSubjects, passwordSource: { kind: 'none' } });
    return files;
  }

  const p12Path = join('strust', `${base}.p12`);
  const p12Purpose = 'PKCS#12 for STRUST (profile strust: 3DES, SHA-1 MAC, full chain)';
  if (!(await writer.keepFromEarlierRun(p12Path, p12Purpose))) {
    const p12 = writePkcs12({
      privateKey: obtained.privateKey,
      certificates: obtained.certificates.map((certificate) => certificate.der),
      friendlyName: base,
      password: password ?? '',
      profile: 'strust',
    });
    await writer.write(p12Path, p12, p12Purpose, { secret: true });
  }
  const p12Sha256 = (context.state.artefacts ?? []).find((entry) => entry.path === p12Path)!.sha256;
  files.push({ path: writer.path(p12Path), sha256: p12Sha256, format: 'pkcs12', contents: `private key + ${obtained.certificates.length} certificates`, chain: chainSubjects, passwordSource });

  const pemPath = join('strust', `${base}.pem`);
  const pemPurpose = 'password-protected PEM for STRUST (as in SAP\'s tutorial): encrypted key, then the chain';
  if (!(await writer.keepFromEarlierRun(pemPath, pemPurpose))) {
    await writer.write(pemPath, passwordProtectedPem(obtained, obtained.privateKey, password), pemPurpose, { secret: true });
  }
  const pemSha256 = (context.state.artefacts ?? []).find((entry) => entry.path === pemPath)!.sha256;
  files.push({ path: writer.path(pemPath), sha256: pemSha256, format: 'pem', contents: `encrypted private key + ${obtained.certificates.length} certificates`, chain: chainSubjects, passwordSource });
  return files;
}

/**
 * The Destination service's own `.pem` content when it already contains an encrypted key (that is
 * what SAP's tutorial imports); otherwise key and chain re-encoded with the password.
 */
function passwordProtectedPem(obtained: ObtainedCertificate, privateKey: KeyObject, password: string | undefined): string {
  const text = obtained.content.toString('utf8').replace(/\r\n?/g, '\n');
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text) && text.includes('-----BEGIN CERTIFICATE-----')) {
    return text.endsWith('\n') ? text : `${text}\n`;
  }
  return `${encodePrivateKeyPem(privateKey, password)}${obtained.chainPem}`;
}

async function writePythonConfig(writer: ArtefactWriter, credentials: ServiceCredentials, chainPem: string, keyPem: string, resourceGroup: string): Promise<void> {
  const certificatePath = await writer.write(artefactPaths.pythonCertificate, chainPem, 'client certificate chain for the Python ai-core-sdk');
  const keyPath = await writer.write(artefactPaths.pythonKey, keyPem, 'private key for the Python ai-core-sdk', { secret: true });
  const config = {
    AICORE_AUTH_URL: `${(credentials.certurl ?? '').replace(/\/+$/, '')}/oauth/token`,
    AICORE_CLIENT_ID: credentials.clientid,
    AICORE_BASE_URL: `${(credentials.serviceurls?.AI_API_URL ?? '').replace(/\/+$/, '')}/v2`,
    AICORE_RESOURCE_GROUP: resourceGroup,
    AICORE_CERT_FILE_PATH: certificatePath,
    AICORE_KEY_FILE_PATH: keyPath,
  };
  await writer.write(artefactPaths.pythonConfig, `${JSON.stringify(config, null, 2)}\n`, 'ai-core-sdk config.json (put it in AICORE_HOME)');
}

async function buildSheetInput(
  context: SetupContext,
  writer: ArtefactWriter,
  credentials: ServiceCredentials,
  importFiles: ImportFileInput[],
  generator: string,
): Promise<S4SheetInput> {
  const { options, state } = context;
  const certurl = credentials.certurl!;
  const aiApiUrl = credentials.serviceurls?.AI_API_URL ?? '';
  const url = credentials.url ?? certurl.replace('.authentication.cert.', '.authentication.');
  const warnings: string[] = [];
  if (!credentials.url) warnings.push(`the binding has no "url"; the token endpoint was derived from certurl as ${url}`);

  const certurlParts = parseServiceUrl('certurl', certurl);
  const apiParts = parseServiceUrl('serviceurls.AI_API_URL', aiApiUrl);
  const selection = await selectRoots({
    certurl: { host: certurlParts.host, port: certurlParts.port },
    aiApi: { host: apiParts.host, port: apiParts.port },
    probe: options.probeRoots ?? true,
    extraCa: options.http.extraCaCertificates ? [...options.http.extraCaCertificates] : undefined,
    extraCaSource: 'the CA certificates given with --ca-file',
  });
  const written = await writeRootFiles(selection.roots, writer.path(artefactPaths.rootsFolder), { overwrite: true });
  for (const file of written) {
    const root = selection.roots.find((entry) => entry.file?.path === file.path);
    const fingerprint = root?.certificate ? `, certificate SHA-256 ${root.certificate.sha256Fingerprint}` : '';
    writer.record(writer.relative(file.path), { sha256: file.sha256 }, `root certificate for a STRUST PSE${fingerprint}`);
  }
  warnings.push(...selection.warnings);

  const certificate = state.certificate!;
  return {
    serviceKey: { clientid: credentials.clientid, url, certurl, AI_API_URL: aiApiUrl, credentialType: credentials.credentialType },
    serviceKeySource: writer.path(artefactPaths.bindingCredentials),
    names: { ...options.s4Names, resourceGroup: options.resourceGroup },
    clientCertificate: {
      subject: certificate.subject,
      issuer: certificate.issuer,
      serialNumber: certificate.serialNumber,
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
      sha256Fingerprint: certificate.sha256,
      source: `Destination service certificate "${certificate.name}"`,
    },
    importFiles,
    roots: selection.roots,
    renewal: { autoRenew: autoRenewState(options), validity: options.validity },
    generator,
    warnings,
  };
}

/** Automatic renewal as the sheet states it: unknown for a certificate setup did not generate. */
function autoRenewState(options: SetupContext['options']): 'on' | 'off' | 'unknown' {
  if (options.mode === 'existing') return 'unknown';
  return options.autoRenew ? 'on' : 'off';
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
