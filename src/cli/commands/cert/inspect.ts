import { InvalidArgumentError, type Command } from '@commander-js/extra-typings';

import { exitCodeHelp } from '../../exit-codes.ts';
import { passwordEnvHelp, passwordFileHelp } from '../../password-options.ts';
import { runAction } from '../../run-action.ts';
import { keyPasswordEnvHelp, keyPasswordFileHelp } from './key-options.ts';

export interface InspectOptions {
  key?: string;
  warnDays: number;
  json?: boolean;
  passwordFile?: string;
  passwordEnv?: string;
  keyPasswordFile?: string;
  keyPasswordEnv?: string;
}

export function registerCertInspect(cert: Command): void {
  cert
    .command('inspect')
    .summary('show and check the certificates and keys in a file')
    .description(
      [
        'Read a certificate file in any form and show every certificate in it: subject and issuer (RFC 4514,',
        'as openssl -nameopt RFC2253 prints them), serial, validity with days left, key type and size, signature',
        'algorithm, subject alternative names, key usage, SHA-256 fingerprint and role (leaf, intermediate, root).',
        'Then the chain as built from leaf to root, whether the private key (in the file or given with --key)',
        'matches the leaf, lint findings, the text repairs that were needed to read the file, and for PKCS#12',
        'the algorithms used.',
        '',
        'The format is recognised from the content, never from the file name: PEM (certificates and keys in any',
        'order), DER, headerless base64, PKCS#12, a Destination service certificate object, or a service key',
        'JSON with "certificate" and "key". Private keys are decrypted only to check that they match; they are',
        'never printed.',
      ].join('\n'),
    )
    .argument('<file>', 'the file to read, or - for stdin')
    .option('--key <file>', 'a private key file to check against the leaf certificate')
    .option('--warn-days <days>', 'exit with 3 when the leaf expires within this many days', parseDays, 30)
    .option('--password-file <file>', passwordFileHelp)
    .option('--password-env <name>', passwordEnvHelp)
    .option('--key-password-file <file>', keyPasswordFileHelp)
    .option('--key-password-env <name>', keyPasswordEnvHelp)
    .option('--json', 'print the report as one JSON document on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls cert inspect client.pem',
        '  $ aicore-mtls cert inspect client.crt --key client.key --key-password-file key-pass.txt',
        '  $ aicore-mtls cert inspect keystore.p12 --password-env P12_PASSWORD --json',
        '  $ aicore-mtls cert inspect destination-certificate.json --warn-days 14',
        '  $ cat service-key.json | aicore-mtls cert inspect -',
      ].join('\n') +
        exitCodeHelp({ 1: 'the input cannot be read, or a check found an error (expired, key mismatch, chain incomplete, ...)', 3: 'the leaf certificate expires within --warn-days days' }),
    )
    .action(async (file, options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { runInspect } = await import('./inspect-action.ts');
        return runInspect(file, options as InspectOptions, output);
      });
    });
}

function parseDays(value: string): number {
  if (!/^\d{1,5}$/.test(value)) throw new InvalidArgumentError(`expected a whole number of days (0 to 99999), got "${value}".`);
  return Number(value);
}
