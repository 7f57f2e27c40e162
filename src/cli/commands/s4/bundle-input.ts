import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';

import { InputFormatError, NotFoundError } from '../../../errors.ts';
import { planBundle } from '../../../material/bundle.ts';
import { readMaterial } from '../../../material/index.ts';
import type { PasswordProvider } from '../../../password.ts';
import { formatNodeName, sha256Hex, summarizeCertificate } from '../../../s4/certificate-summary.ts';
import { S4SheetInputError } from '../../../s4/errors.ts';
import type { ClientCertificateInput, ImportFileInput, PasswordSource } from '../../../s4/sheet-input.ts';
import { buildChain } from '../../../x509/chain.ts';
import { passwordProviderFrom, type PasswordOptions } from '../../password-options.ts';

export interface BundleFacts {
  importFile: ImportFileInput;
  clientCertificate: ClientCertificateInput;
  warnings: string[];
}

/**
 * Reads the file STRUST will import (PEM with key and chain, or PKCS#12): its checksum, the
 * client certificate, the chain, and where its password comes from. The password decrypts
 * the key only to check that it belongs to the certificate; it never reaches the sheet.
 */
export async function readBundle(path: string, passwordOptions: PasswordOptions): Promise<BundleFacts> {
  const bytes = await readFileBytes(path, '--bundle');
  const name = basename(path);
  let passwordRequested = false;
  const provider = passwordProviderFrom(passwordOptions, 'import file password');
  const trackedProvider: PasswordProvider = (request) => {
    passwordRequested = true;
    return provider(request);
  };

  const material = await readMaterial({ bytes, origin: path }, { passwords: trackedProvider });
  if (material.format !== 'pem' && material.format !== 'pkcs12') {
    throw new S4SheetInputError(
      `--bundle "${path}" is ${material.format === 'der' || material.format === 'base64-der' ? 'a single certificate' : `a ${material.format.replace('-', ' ')}`}, not a file STRUST imports`,
      'Give the PEM file (encrypted private key plus chain) or the PKCS#12 file written for STRUST; "aicore-mtls cert convert" writes both.',
      { path, format: material.format },
    );
  }
  const plan = planBundle(material);
  if (!plan.privateKey) {
    throw new S4SheetInputError(`--bundle "${path}" contains no private key`, 'STRUST "PSE → Import" needs the key pair: give the file with the private key and the certificate chain.', { path });
  }
  const leaf = plan.certificates[0]!;
  const warnings = [...material.warnings];
  if (!plan.chain.complete || plan.chain.anchor?.source !== 'input') {
    warnings.push(`"${name}" does not contain the chain up to its root; STRUST and sapgenpse expect the complete chain in the import file.`);
  }

  const keyText = plan.privateKey.protection ? 'encrypted private key' : 'unencrypted private key';
  const count = plan.certificates.length;
  const certificatesText = `${count} certificate${count === 1 ? '' : 's'}`;
  let contents = `${keyText} + ${certificatesText}`;
  if (material.format === 'pkcs12') {
    const profile = material.pkcs12?.profile;
    contents = `${contents} (PKCS#12${profile ? `, profile ${profile}` : ''})`;
    if (profile === 'modern') {
      warnings.push(`"${name}" uses AES encryption (OpenSSL 3 default); older CommonCryptoLib versions cannot read it. Prefer the PEM file or a PKCS#12 file written with the strust profile.`);
    }
  }
  if (!plan.privateKey.protection && material.format === 'pem') {
    warnings.push(`The private key in "${name}" is not encrypted. Move the file only over protected channels and delete it after the import.`);
  }

  const importFile: ImportFileInput = {
    path: resolve(path),
    sha256: sha256Hex(bytes),
    format: material.format,
    contents,
    chain: plan.certificates.map((certificate) => formatNodeName(certificate.x509.subject)),
    passwordSource: passwordRequested ? describePasswordSource(passwordOptions) : { kind: 'none' },
  };
  return {
    importFile,
    clientCertificate: clientCertificateFrom(summarizeCertificate(leaf.x509), `import file "${name}"`),
    warnings,
  };
}

/** Reads the client certificate from the service key's `certificate` field (absent with hide-certificate). */
export async function readServiceKeyCertificate(pem: string, keyPath: string): Promise<ClientCertificateInput | undefined> {
  const origin = `field "certificate" of ${basename(keyPath)}`;
  const material = await readMaterial({ bytes: new TextEncoder().encode(pem), origin });
  const chain = buildChain(material.certificates);
  const leaf = chain.leaf ?? material.certificates[0];
  return leaf ? clientCertificateFrom(summarizeCertificate(leaf.x509), `service key field "certificate"`) : undefined;
}

export async function readFileBytes(path: string, option: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new NotFoundError(`${option} file "${path}" does not exist`, { cause: error, fix: `Check the path given to ${option}.`, details: { path } });
    }
    throw new InputFormatError(`${option} file "${path}" cannot be read (${code ?? 'unknown error'})`, { cause: error, details: { path } });
  }
}

function describePasswordSource(options: PasswordOptions): PasswordSource {
  if (options.passwordFile !== undefined) return { kind: 'file', path: resolve(options.passwordFile) };
  if (options.passwordEnv !== undefined) return { kind: 'env', name: options.passwordEnv };
  return { kind: 'prompt' };
}

function clientCertificateFrom(summary: ReturnType<typeof summarizeCertificate>, source: string): ClientCertificateInput {
  return {
    subject: summary.subject,
    issuer: summary.issuer,
    serialNumber: summary.serialNumber,
    notBefore: summary.notBefore,
    notAfter: summary.notAfter,
    sha256Fingerprint: summary.sha256Fingerprint,
    source,
  };
}
