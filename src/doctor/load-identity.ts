import type { KeyObject } from 'node:crypto';

import type { ServiceCredentials } from '../credentials/index.ts';
import { AicoreMtlsError, NotFoundError } from '../errors.ts';
import { keysMatch } from '../keys/match.ts';
import { readMaterial, readMaterialFile, type Certificate, type Material } from '../material/index.ts';
import { noPassword, type PasswordProvider } from '../password.ts';
import { buildChain, type CertificateChain } from '../x509/chain.ts';
import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { CheckOutcome, DoctorInputs } from './types.ts';

export type IdentityOption = '--cert' | '--key' | '--bundle' | '--pkcs12';

export interface IdentityFile {
  option: IdentityOption;
  path: string;
  material: Material;
}

/** The client certificate and key the token request would present, as far as the inputs tell. */
export interface PresentedIdentity {
  /** `files` when --cert, --key, --bundle or --pkcs12 gave them; `service-key` for the key's own `certificate` and `key`. */
  source: 'files' | 'service-key';
  /** For messages: the files or service key fields the identity comes from. */
  origin: string;
  certificates: Certificate[];
  privateKeys: KeyObject[];
  /** The chain from the leaf up, built from `certificates`; the leaf is the certificate the key matches. */
  chain: CertificateChain;
  /** The key that matches the leaf, else the first key given. */
  privateKey?: KeyObject;
  keyMatches: boolean;
}

export interface LoadedIdentity {
  files: IdentityFile[];
  identity?: PresentedIdentity;
  outcome: CheckOutcome;
}

/**
 * Reads the identity files and assembles what would be presented. Certificates come from the
 * files, or from the service key's `certificate` when no file has one; keys likewise from the
 * files or the key's `key`. An unreadable file becomes INPUT_UNREADABLE; a missing one is an
 * error, because the command line named a wrong path.
 */
export async function loadIdentity(inputs: DoctorInputs, credentials: ServiceCredentials | undefined): Promise<LoadedIdentity> {
  const outcome = emptyOutcome();
  const files: IdentityFile[] = [];
  const passwords = inputs.passwords ?? noPassword;
  const requested: Array<[IdentityOption, string | undefined, PasswordProvider]> = [
    ['--cert', inputs.certificate, passwords],
    ['--key', inputs.key, inputs.keyPasswords ?? passwords],
    ['--bundle', inputs.bundle, passwords],
    ['--pkcs12', inputs.pkcs12, passwords],
  ];
  for (const [option, path, provider] of requested) {
    if (path === undefined) continue;
    try {
      files.push({ option, path, material: await readMaterialFile(path, { passwords: provider }) });
    } catch (error) {
      if (error instanceof NotFoundError || !(error instanceof AicoreMtlsError)) throw error;
      const evidence = [`${option} "${path}": ${error.message} [${error.code}]`];
      if (error.fix) evidence.push(`fix: ${error.fix}`);
      outcome.diagnoses.push(diagnose('INPUT_UNREADABLE', evidence));
    }
  }
  for (const file of files) {
    for (const repair of file.material.repairs) outcome.notes.push(`${file.option} "${file.path}": ${repair.message}`);
    for (const warning of file.material.warnings) outcome.notes.push(`${file.option} "${file.path}": ${warning}`);
  }

  const fileCertificates = files.flatMap((file) => file.material.certificates);
  const fileKeys = files.flatMap((file) => file.material.privateKeys.map((key) => key.keyObject));
  const fromKey = await serviceKeyMaterial(credentials).catch((error: unknown) => {
    if (!(error instanceof AicoreMtlsError)) throw error;
    outcome.diagnoses.push(diagnose('INPUT_UNREADABLE', [`the service key's certificate or key: ${error.message} [${error.code}]`]));
    return { certificates: [], privateKeys: [] };
  });
  const certificates = fileCertificates.length > 0 ? fileCertificates : fromKey.certificates;
  const privateKeys = fileKeys.length > 0 ? fileKeys : fromKey.privateKeys;
  if (certificates.length === 0 && privateKeys.length === 0) return { files, outcome };

  const usesFiles = fileCertificates.length > 0 || fileKeys.length > 0;
  const keyFields = [certificates.length > 0 ? '"certificate"' : undefined, privateKeys.length > 0 ? '"key"' : undefined].filter(Boolean).join(' and ');
  const origin = usesFiles ? files.map((file) => `${file.option} "${file.path}"`).join(', ') : `${keyFields} of ${credentials?.source.description ?? 'the service key'}`;
  const privateKey = privateKeys.find((key) => certificates.some((certificate) => keysMatch(certificate.x509, key))) ?? privateKeys[0];
  const chain = buildChain(certificates, privateKey ? { privateKey } : {});
  const identity: PresentedIdentity = {
    source: usesFiles ? 'files' : 'service-key',
    origin,
    certificates,
    privateKeys,
    chain,
    keyMatches: privateKey !== undefined && chain.leaf !== undefined && keysMatch(chain.leaf.x509, privateKey),
  };
  if (privateKey) identity.privateKey = privateKey;
  return { files, identity, outcome };
}

/** Reads the certificates and key of the service key (an XSUAA-generated certificate comes with both). */
async function serviceKeyMaterial(credentials: ServiceCredentials | undefined): Promise<{ certificates: Certificate[]; privateKeys: KeyObject[] }> {
  if (credentials === undefined) return { certificates: [], privateKeys: [] };
  const description = credentials.source.description;
  const certificates = credentials.certificate
    ? (await readMaterial({ bytes: Buffer.from(credentials.certificate), origin: `"certificate" of ${description}` })).certificates
    : [];
  const privateKeys = credentials.key
    ? (await readMaterial({ bytes: Buffer.from(credentials.key), origin: `"key" of ${description}` })).privateKeys.map((key) => key.keyObject)
    : [];
  return { certificates, privateKeys };
}
