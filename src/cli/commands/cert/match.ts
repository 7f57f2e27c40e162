import type { Command } from '@commander-js/extra-typings';

import { exitCodeHelp } from '../../exit-codes.ts';
import { passwordEnvHelp, passwordFileHelp } from '../../password-options.ts';
import { runAction } from '../../run-action.ts';
import { keyPasswordEnvHelp, keyPasswordFileHelp } from './key-options.ts';

export interface MatchOptions {
  json?: boolean;
  passwordFile?: string;
  passwordEnv?: string;
  keyPasswordFile?: string;
  keyPasswordEnv?: string;
}

export function registerCertMatch(cert: Command): void {
  cert
    .command('match')
    .summary('check that a private key belongs to a certificate')
    .description(
      [
        "Compare the public key of each certificate in <cert> with the public key derived from the private key",
        'in <key>, and print the SHA-256 fingerprints of both (SHA-256 of the DER SubjectPublicKeyInfo; the same',
        'value on both sides means the pair belongs together). Given a bundle with several certificates, it names',
        'the one the key belongs to. Both files may be in any form "cert inspect" reads, including PKCS#12.',
        'The private key is never printed.',
      ].join('\n'),
    )
    .argument('<cert>', 'certificate file (or bundle), or - for stdin')
    .argument('<key>', 'private key file, or - for stdin')
    .option('--password-file <file>', `${passwordFileHelp}; used for <cert>, and for <key> unless --key-password-* is given`)
    .option('--password-env <name>', passwordEnvHelp)
    .option('--key-password-file <file>', keyPasswordFileHelp)
    .option('--key-password-env <name>', keyPasswordEnvHelp)
    .option('--json', 'print the result as one JSON document on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls cert match client.pem client.key',
        '  $ aicore-mtls cert match chain.pem client.key --key-password-env KEY_PASSWORD',
        '  $ aicore-mtls cert match client.crt keystore.p12 --key-password-file p12-pass.txt --json',
      ].join('\n') + exitCodeHelp({ 1: 'a file cannot be read, or holds no certificate or no private key', 3: 'the key does not match any certificate' }),
    )
    .action(async (cert, key, options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { runMatch } = await import('./match-action.ts');
        return runMatch(cert, key, options as MatchOptions, output);
      });
    });
}
