import { Option, type Command } from '@commander-js/extra-typings';

import { exitCodeHelp } from '../../exit-codes.ts';
import type { Output } from '../../output.ts';
import { passwordEnvHelp, passwordFileHelp, type PasswordOptions } from '../../password-options.ts';
import { runAction } from '../../run-action.ts';
import { quotePath } from '../binding/shell-quote.ts';

// Kept in step with csrKeyTypes in src/csr/create-csr.ts, which is not imported here so that
// `--help` does not load the crypto modules.
const keyTypeChoices = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256'] as const;

const ecdsaWarning =
  'ec-p256 makes an ECDSA key. Older CommonCryptoLib builds (the crypto library behind STRUST and sapgenpse) fail on ECDSA keys; use rsa-2048 or larger for a key that goes into STRUST.';

interface CsrOptions extends PasswordOptions {
  cn?: string;
  subject?: string;
  san: string[];
  keyType: (typeof keyTypeChoices)[number];
  outKey: string;
  outCsr: string;
  force?: boolean;
  encryptKey: boolean;
}

export function registerCertCsr(cert: Command): void {
  cert
    .command('csr')
    .summary('create a private key and a certificate signing request (CSR)')
    .description(
      [
        'Create a new private key and a PKCS#10 CSR for it, for the path where the key never leaves its owner: the Destination service signs the CSR (Attributes.CSR) and returns only the certificate.',
        'The key is written as encrypted PKCS#8 (AES-256-CBC) with mode 0600. The password comes from --password-file, --password-env or a prompt (typed twice), never from the command line. The CSR is PEM, signed with SHA-256, and requests key usage digitalSignature (plus keyEncipherment for RSA) and extended key usage clientAuth. Either both files are written or neither. The command prints the subject and the public key fingerprint, never the key.',
        `Key types: rsa-2048 (default), rsa-3072, rsa-4096, ec-p256. ${ecdsaWarning}`,
      ].join('\n\n'),
    )
    .option('--cn <name>', 'common name of the subject, 1 to 64 characters')
    .option('--subject <dn>', 'full subject DN in RFC 4514 form, e.g. "CN=islm, OU=Basis, O=Example, C=DE" (most specific first, as openssl -nameopt RFC2253 prints it)')
    .option('--san <type:value>', 'subject alternative name: dns:NAME, ip:ADDRESS, email:ADDRESS or uri:URI; repeat for more', collect, [] as string[])
    .addOption(new Option('--key-type <type>', 'key algorithm and size').choices(keyTypeChoices).default('rsa-2048' as const))
    .requiredOption('--out-key <file>', 'where to write the private key (mode 0600)')
    .requiredOption('--out-csr <file>', 'where to write the PEM CSR')
    .option('--force', 'replace existing output files')
    .option('--no-encrypt-key', 'write the private key unencrypted (not recommended; prints a warning)')
    .option('--password-file <file>', passwordFileHelp)
    .option('--password-env <name>', passwordEnvHelp)
    .option('--json', 'print the result as one JSON document on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls cert csr --cn islm-aicore-dev --out-key islm.key --out-csr islm.csr --password-file pw.txt',
        '  $ aicore-mtls cert csr --subject "CN=islm-aicore, OU=Basis, O=Example AG, C=DE" --key-type rsa-3072 \\',
        '        --out-key islm.key --out-csr islm.csr --password-env ISLM_KEY_PASSWORD',
        '  $ aicore-mtls cert csr --cn islm --out-key islm.key --out-csr islm.csr --no-encrypt-key --force',
        '',
        'Then send the CSR to the Destination service: Attributes.CSR is the base64 of the whole PEM file,',
        'or run "aicore-mtls setup --csr islm.csr". The service replaces the subject DN with its own.',
        '',
      ].join('\n') + exitCodeHelp(),
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), (output) => runCsr(options as CsrOptions, output));
    });
}

async function runCsr(options: CsrOptions, output: Output): Promise<number> {
  const { UsageError, PasswordMissingError } = await import('../../../errors.ts');
  const csrLibrary = await import('../../../csr/index.ts');

  if (!options.encryptKey && (options.passwordFile !== undefined || options.passwordEnv !== undefined)) {
    throw new UsageError('--no-encrypt-key cannot be combined with --password-file or --password-env', {
      fix: 'Drop --no-encrypt-key to encrypt the key with that password, or drop the password option.',
    });
  }
  const files = { keyPath: options.outKey, csrPath: options.outCsr };
  const overwrite = options.force === true;
  await csrLibrary.checkKeyAndCsrTargets(files, overwrite);

  // Validate the names before asking for a password, so a typo does not cost a prompt.
  csrLibrary.buildCsrSubject({ commonName: options.cn, subject: options.subject });
  options.san.forEach(csrLibrary.parseSubjectAltName);

  let password: string | undefined;
  if (options.encryptKey) {
    password = await newKeyPassword(options, options.outKey);
    if (password === undefined) {
      throw new PasswordMissingError(`the new private key "${options.outKey}"`, {
        exitCode: 2,
        fix: 'Give the password with --password-file FILE or --password-env NAME, run in a terminal to be prompted, or pass --no-encrypt-key to write the key unencrypted.',
      });
    }
    if (password === '') {
      throw new UsageError('the password for the new private key is empty', {
        fix: 'Give a non-empty password, or pass --no-encrypt-key to write the key unencrypted.',
      });
    }
  }

  if (options.keyType === 'ec-p256') output.warn(ecdsaWarning);
  const csr = await csrLibrary.createCertificateSigningRequest({
    commonName: options.cn,
    subject: options.subject,
    keyType: options.keyType,
    subjectAltNames: options.san,
  });
  const keyPem = csrLibrary.encodePrivateKeyPem(csr.privateKey, password);
  await csrLibrary.writeKeyAndCsr(files, { keyPem, csrPem: csr.csrPem }, overwrite);
  if (password === undefined) {
    output.warn(`the private key in "${options.outKey}" is NOT encrypted; anyone who can read the file can use it. Keep it at mode 0600 and delete it after the import.`);
  }

  const attributesCsr = Buffer.from(csr.csrPem, 'utf8').toString('base64');
  const keyDescription = `${describeKeyType(csr.keyType)}, ${password === undefined ? 'unencrypted PKCS#8' : 'encrypted PKCS#8 with AES-256-CBC'}, mode 0600`;
  output.text(
    [
      'Created a private key and a certificate signing request.',
      `  private key:        ${options.outKey} (${keyDescription})`,
      `  CSR:                ${options.outCsr}`,
      `  subject:            ${csr.subject}`,
      ...(csr.subjectAltNames.length > 0 ? [`  subject alt names:  ${csr.subjectAltNames.join(', ')}`] : []),
      `  signature:          ${csr.signatureAlgorithm}`,
      `  public key SHA-256: ${csr.publicKeySha256}`,
      '',
      'Next steps:',
      '  Destination service: Attributes.CSR is the base64 of the whole PEM file. Print it with',
      `    bash:       base64 < ${quotePath(options.outCsr, 'bash')} | tr -d '\\n'`,
      `    PowerShell: [Convert]::ToBase64String([IO.File]::ReadAllBytes((Resolve-Path ${quotePath(options.outCsr, 'powershell')})))`,
      `  or let aicore-mtls send it: aicore-mtls setup --csr ${quotePath(options.outCsr, 'bash')}`,
      '  The service signs the CSR under its own subject DN (it ignores the subject above) and returns only the',
      `  certificate chain; the private key stays in ${options.outKey}.`,
    ].join('\n'),
  );
  output.result({
    ok: true,
    keyFile: options.outKey,
    keyEncrypted: password !== undefined,
    keyFileMode: '0600',
    csrFile: options.outCsr,
    subject: csr.subject,
    subjectAltNames: csr.subjectAltNames,
    keyType: csr.keyType,
    signatureAlgorithm: csr.signatureAlgorithm,
    publicKeySha256: csr.publicKeySha256,
    attributesCsr,
  });
  return 0;
}

/**
 * Reads the password for the new key. A password typed at a prompt is asked for twice, because
 * a typo would lock the key away for good.
 */
async function newKeyPassword(options: CsrOptions, keyPath: string): Promise<string | undefined> {
  const { passwordProviderFrom } = await import('../../password-options.ts');
  const { AicoreMtlsError, UsageError } = await import('../../../errors.ts');
  const provider = passwordProviderFrom(options, 'password');
  const subject = `the new private key "${keyPath}"`;
  const password = await provider({ subject });
  const prompted = options.passwordFile === undefined && options.passwordEnv === undefined;
  if (password === undefined || !prompted) return password;

  const prompts = await import('@clack/prompts');
  const again = await prompts.password({ message: `Repeat the password for ${subject}` });
  if (prompts.isCancel(again)) throw new AicoreMtlsError('ERR_CANCELLED', 'password prompt cancelled', { exitCode: 130 });
  if (again !== password) {
    throw new UsageError('the two passwords typed for the new private key differ', { fix: 'Run the command again and type the same password twice.' });
  }
  return password;
}

function describeKeyType(keyType: string): string {
  return keyType === 'ec-p256' ? 'ECDSA P-256' : `RSA ${keyType.slice(4)}`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
