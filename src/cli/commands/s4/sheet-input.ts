import { basename } from 'node:path';

import { readCredentialsFile, type ServiceCredentials } from '../../../credentials/index.ts';
import { readMaterial } from '../../../material/index.ts';
import { parseServiceUrl } from '../../../s4/endpoints.ts';
import { S4SheetInputError } from '../../../s4/errors.ts';
import type { S4ProbeError } from '../../../s4/probe.ts';
import type { AutoRenewState } from '../../../s4/renewal.ts';
import { selectRoots } from '../../../s4/root-selection.ts';
import type { ClientCertificateInput, S4SheetInput } from '../../../s4/sheet-input.ts';
import { parseValidity } from '../../../setup/validity.ts';
import { version } from '../../program.ts';
import { readBundle, readFileBytes, readServiceKeyCertificate } from './bundle-input.ts';

/** Options of `s4 sheet` that feed the sheet's content. */
export interface SheetInputOptions {
  serviceKey: string;
  bundle?: string;
  identity?: string;
  oauthConfig?: string;
  destination?: string;
  resourceGroup?: string;
  probe?: boolean;
  caFile?: string[];
  autoRenew?: AutoRenewState;
  validity?: string;
  passwordFile?: string;
  passwordEnv?: string;
}

export interface SheetInputResult {
  input: S4SheetInput;
  probeFailures: S4ProbeError[];
}

/**
 * Maps the command line of `s4 sheet` to the plain S4SheetInput. Reads the service key (in
 * any shape the credentials reader accepts), the import file and the extra CA files, then
 * selects the roots, probing the hosts with --probe.
 */
export async function sheetInputFromOptions(options: SheetInputOptions, now: Date): Promise<SheetInputResult> {
  const credentials = await readCredentialsFile(options.serviceKey, { service: 'aicore', authentication: 'certificate' });
  const serviceKey = serviceKeyFields(credentials, options.serviceKey);
  const warnings = [...credentials.warnings];

  let clientCertificate: ClientCertificateInput | undefined;
  const importFiles: S4SheetInput['importFiles'] = [];
  if (options.bundle !== undefined) {
    const bundle = await readBundle(options.bundle, { passwordFile: options.passwordFile, passwordEnv: options.passwordEnv });
    importFiles.push(bundle.importFile);
    clientCertificate = bundle.clientCertificate;
    warnings.push(...bundle.warnings);
  }
  if (credentials.certificate) {
    const bound = await readServiceKeyCertificate(credentials.certificate, options.serviceKey).catch((error: unknown) => {
      warnings.push(`The "certificate" field of the service key cannot be read (${error instanceof Error ? error.message : String(error)}), so the sheet does not compare it with the import file.`);
      return undefined;
    });
    if (bound && clientCertificate) warnings.push(...compareCertificates(clientCertificate, bound));
    clientCertificate ??= bound;
  }

  const extraCa: string[] = [];
  for (const path of options.caFile ?? []) {
    const material = await readMaterial({ bytes: await readFileBytes(path, '--ca-file'), origin: path });
    if (material.certificates.length === 0) {
      throw new S4SheetInputError(`--ca-file "${path}" contains no certificate`, 'Give a PEM or DER file with the root certificate(s) to trust for --probe.', { path });
    }
    extraCa.push(...material.certificates.map((certificate) => certificate.pem));
  }

  const certurl = parseServiceUrl('certurl', serviceKey.certurl);
  const aiApi = parseServiceUrl('serviceurls.AI_API_URL', serviceKey.AI_API_URL);
  const selection = await selectRoots({
    certurl,
    aiApi,
    probe: options.probe === true,
    extraCa,
    extraCaSource: (options.caFile ?? []).map((path) => `--ca-file "${basename(path)}"`).join(', '),
    now,
  });
  warnings.push(...selection.warnings);

  const input: S4SheetInput = {
    serviceKey,
    serviceKeySource: basename(options.serviceKey),
    names: {
      ...(options.identity === undefined ? {} : { identity: options.identity }),
      ...(options.oauthConfig === undefined ? {} : { oauthConfiguration: options.oauthConfig }),
      ...(options.destination === undefined ? {} : { destination: options.destination }),
      ...(options.resourceGroup === undefined ? {} : { resourceGroup: options.resourceGroup }),
    },
    importFiles,
    roots: selection.roots,
    renewal: {
      autoRenew: options.autoRenew ?? 'unknown',
      ...(options.validity === undefined ? {} : { validity: parseValidity(options.validity) }),
    },
    generatedAt: now,
    generator: `aicore-mtls ${version}`,
    warnings,
  };
  if (clientCertificate) input.clientCertificate = clientCertificate;
  return { input, probeFailures: selection.probeFailures };
}

function serviceKeyFields(credentials: ServiceCredentials, path: string): S4SheetInput['serviceKey'] {
  const missing = (field: string) =>
    new S4SheetInputError(`the service key "${path}" has no "${field}"`, `Use the complete service key of the SAP AI Core x509 binding; the S/4HANA sheet needs "${field}".`, {
      path,
      field,
    });
  if (!credentials.url) throw missing('url');
  if (!credentials.certurl) throw missing('certurl');
  const aiApiUrl = credentials.serviceurls?.AI_API_URL;
  if (!aiApiUrl) throw missing('serviceurls.AI_API_URL');
  const fields: S4SheetInput['serviceKey'] = { clientid: credentials.clientid, url: credentials.url, certurl: credentials.certurl, AI_API_URL: aiApiUrl };
  if (credentials.declaredCredentialType !== undefined) fields.credentialType = credentials.declaredCredentialType;
  return fields;
}

/**
 * Compares the certificate in the import file with the one in the service key. XSUAA with
 * certificate pinning off matches subject and issuer DN, so a different certificate with the
 * same names (a renewal) still works. Other names make the token request fail.
 */
function compareCertificates(imported: ClientCertificateInput, bound: ClientCertificateInput): string[] {
  if (imported.sha256Fingerprint === bound.sha256Fingerprint) return [];
  if (imported.subject === bound.subject && imported.issuer === bound.issuer) {
    return [
      `The certificate in the import file (SHA-256 ${imported.sha256Fingerprint}) is not the one in the service key, but has the same subject and issuer. XSUAA accepts it only with certificate pinning off; with pinning on, create a new binding.`,
    ];
  }
  return [
    `The certificate in the import file (subject "${imported.subject}") does not match the certificate of the service key (subject "${bound.subject}"). The token request will fail with HTTP 401 unless the binding is created with the imported certificate.`,
  ];
}
