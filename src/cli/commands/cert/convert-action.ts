import { unlink } from 'node:fs/promises';

import { AicoreMtlsError, FileExistsError, UsageError } from '../../../errors.ts';
import { writeFileAtomic } from '../../../fs/atomic-write.ts';
import { encodePemBundle, encodePkcs12Bundle, planBundle, verifyBundle, type BundlePlan } from '../../../material/bundle.ts';
import { readMaterialFile } from '../../../material/index.ts';
import { readInput } from '../../../material/read-input.ts';
import type { PrivateKey } from '../../../material/types.ts';
import { pkcs12ProfileDescriptions } from '../../../pkcs12/profiles.ts';
import { certificateFields } from '../../../x509/certificate.ts';
import { formatName } from '../../../x509/name.ts';
import type { Output } from '../../output.ts';
import { passwordProviderFrom } from '../../password-options.ts';
import type { ConvertOptions } from './convert.ts';
import { keyPasswordProvider } from './key-options.ts';
import { readOutputPassword } from './output-password.ts';
import { pathExists } from '../../../fs/path-exists.ts';

/** Reads the input, writes the bundle, reads it back to check it; returns the exit code. */
export async function runConvert(input: string, options: ConvertOptions, output: Output): Promise<number> {
  checkOptionCombinations(options);
  if (!options.force && (await pathExists(options.out))) throw new FileExistsError(options.out);

  const passwords = passwordProviderFrom(options);
  const material = await readMaterialFile(input, { passwords });
  const extraKeys: PrivateKey[] = [];
  if (options.key !== undefined) {
    const keyMaterial = await readMaterialFile(options.key, { passwords: keyPasswordProvider(options, passwords) });
    if (keyMaterial.privateKeys.length === 0) {
      throw new AicoreMtlsError('ERR_NO_PRIVATE_KEY', `--key ${options.key} contains no private key`, {
        fix: 'Give the file with the private key ("BEGIN PRIVATE KEY" or a PKCS#12 with a key).',
        details: { path: options.key },
      });
    }
    extraKeys.push(...keyMaterial.privateKeys);
    for (const repair of keyMaterial.repairs) output.info(`repaired ${options.key}: ${repair.message}`);
    for (const warning of keyMaterial.warnings) output.warn(warning);
  }
  for (const repair of material.repairs) output.info(`repaired ${input}: ${repair.message}`);
  for (const warning of material.warnings) output.warn(warning);

  const plan = planBundle(material, extraKeys);
  if (plan.certificates.length === 0 && (options.to === 'p12' || !plan.privateKey)) {
    throw new AicoreMtlsError('ERR_NO_CERTIFICATE', `${input} contains no certificate to write`, {
      fix: options.to === 'p12' ? 'A PKCS#12 file for STRUST needs the certificate; give it as <input> and the key with --key.' : 'Give the file with the certificate.',
      details: { path: input },
    });
  }
  for (const omitted of plan.omitted) output.warn(`left out ${omitted}`);
  if (plan.chain.missingIssuer) {
    output.warn(`the chain is incomplete: the issuer "${plan.chain.missingIssuer.subject}" is not in the input, so the output lacks it too`);
  }

  const password = await outputPassword(options, plan);
  const bytes =
    options.to === 'pem'
      ? new TextEncoder().encode(encodePemBundle(plan, password))
      : await encodePkcs12Bundle(plan, { password: password ?? '', profile: options.profile ?? 'strust', ...(options.friendlyName !== undefined ? { friendlyName: options.friendlyName } : {}) });

  // Check the bytes before they reach the disk, then the file as written.
  const verifyPassword = options.to === 'p12' ? (password ?? '') : password;
  await verifyBundle(bytes, options.out, plan, verifyPassword);
  const mode = plan.privateKey ? 0o600 : 0o644;
  await writeFileAtomic(options.out, bytes, { mode, overwrite: options.force === true });
  try {
    const written = await readInput(options.out);
    await verifyBundle(written.bytes, options.out, plan, verifyPassword);
  } catch (error) {
    await unlink(options.out).catch(() => undefined);
    throw error;
  }

  report(options, plan, password, mode, output);
  return 0;
}

function checkOptionCombinations(options: ConvertOptions): void {
  const outPasswordGiven = options.outPasswordFile !== undefined || options.outPasswordEnv !== undefined;
  if (options.to === 'pem' && options.profile !== undefined) {
    throw new UsageError('--profile applies only to --to p12', { fix: 'Drop --profile, or write a PKCS#12 with --to p12.' });
  }
  if (options.to === 'pem' && options.friendlyName !== undefined) {
    throw new UsageError('--friendly-name applies only to --to p12', { fix: 'Drop --friendly-name, or write a PKCS#12 with --to p12.' });
  }
  if (options.to === 'pem' && options.emptyPassword) {
    throw new UsageError('--empty-password applies only to --to p12', { fix: 'To write the PEM key unencrypted, use --no-encrypt-key.' });
  }
  if (options.to === 'p12' && !options.encryptKey) {
    throw new UsageError('--no-encrypt-key applies only to --to pem', { fix: 'A PKCS#12 file is always encrypted; for an empty password use --empty-password.' });
  }
  if (options.emptyPassword && outPasswordGiven) {
    throw new UsageError('--empty-password cannot be combined with --out-password-file or --out-password-env', { fix: 'Choose either an empty password or a password source.' });
  }
  if (!options.encryptKey && outPasswordGiven) {
    throw new UsageError('--no-encrypt-key cannot be combined with --out-password-file or --out-password-env', { fix: 'Drop --no-encrypt-key to encrypt the key with that password, or drop the password option.' });
  }
}

/** Reads the password that protects the output; undefined for a PEM without key or with --no-encrypt-key. */
async function outputPassword(options: ConvertOptions, plan: BundlePlan): Promise<string | undefined> {
  if (options.to === 'pem' && (!plan.privateKey || !options.encryptKey)) return undefined;
  if (options.emptyPassword) return '';
  const what = options.to === 'p12' ? `the PKCS#12 file "${options.out}"` : `the private key in "${options.out}"`;
  const password = await readOutputPassword({ passwordFile: options.outPasswordFile, passwordEnv: options.outPasswordEnv }, what);
  if (password === '') {
    throw new UsageError(`the output password for ${what} is empty`, {
      fix: options.to === 'p12' ? 'Give a non-empty password, or pass --empty-password to write a PKCS#12 without password.' : 'Give a non-empty password, or pass --no-encrypt-key to write the key unencrypted.',
    });
  }
  return password;
}

function report(options: ConvertOptions, plan: BundlePlan, password: string | undefined, mode: number, output: Output): void {
  const profile = options.profile ?? 'strust';
  let keyState = 'the private key (encrypted PKCS#8, AES-256-CBC)';
  if (!plan.privateKey) keyState = 'no private key';
  else if (options.to === 'p12') keyState = 'the private key';
  else if (password === undefined) keyState = 'the private key UNENCRYPTED';
  if (plan.privateKey && options.to === 'pem' && password === undefined) {
    output.warn(`the private key in "${options.out}" is NOT encrypted; anyone who can read the file can use it. Keep it at mode 0600 and delete it after use.`);
  }
  if (options.to === 'p12' && password === '') {
    output.warn(`"${options.out}" has an EMPTY password: its private key is effectively unprotected. Delete the file after the import.`);
  }

  const subjects = plan.certificates.map((certificate) => formatName(certificateFields(certificate).subject));
  const format = options.to === 'pem' ? 'PEM bundle' : `PKCS#12, profile ${profile}`;
  output.text(
    [
      `Wrote ${options.out} (${format}, mode ${mode.toString(8).padStart(4, '0')}): ${keyState}, ${subjects.length} certificate${subjects.length === 1 ? '' : 's'}.`,
      ...subjects.map((subject, index) => `  ${index === 0 ? 'leaf' : index === subjects.length - 1 && plan.chain.complete && plan.chain.anchor?.source === 'input' ? 'root' : 'CA  '}  ${subject}`),
      ...(options.to === 'p12' ? [`  profile ${profile}: ${pkcs12ProfileDescriptions[profile]}`] : []),
      'Checked: the file was read back and holds the same certificates and key.',
    ].join('\n'),
  );
  output.result({
    ok: true,
    file: options.out,
    format: options.to,
    ...(options.to === 'p12' ? { profile } : {}),
    mode: mode.toString(8).padStart(4, '0'),
    privateKeyIncluded: plan.privateKey !== undefined,
    privateKeyEncrypted: plan.privateKey !== undefined && (options.to === 'p12' ? password !== '' : password !== undefined),
    certificates: subjects,
    chainComplete: plan.chain.complete,
    omitted: plan.omitted,
    verified: true,
  });
}
