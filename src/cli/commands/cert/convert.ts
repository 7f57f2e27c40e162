import { Option, type Command } from '@commander-js/extra-typings';

import { pkcs12ProfileDescriptions, pkcs12Profiles } from '../../../pkcs12/profiles.ts';
import type { Pkcs12Profile } from '../../../pkcs12/types.ts';
import { exitCodeHelp } from '../../exit-codes.ts';
import { passwordEnvHelp, passwordFileHelp } from '../../password-options.ts';
import { runAction } from '../../run-action.ts';
import { keyPasswordEnvHelp, keyPasswordFileHelp } from './key-options.ts';

// profiles.ts holds only constants; the PKCS#12 reader and writer load in the action.
const profileChoices = pkcs12Profiles as readonly Pkcs12Profile[];

/** Formats one help entry per profile, wrapped to the help width. */
function profileHelp(): string {
  return pkcs12Profiles
    .map((profile) => {
      const words = `${pkcs12ProfileDescriptions[profile]}${profile === 'strust' ? ' (default)' : ''}`.split(' ');
      const lines: string[] = [];
      let line = '';
      for (const word of words) {
        if (line !== '' && line.length + word.length + 1 > 86) {
          lines.push(line);
          line = word;
        } else {
          line = line === '' ? word : `${line} ${word}`;
        }
      }
      lines.push(line);
      return lines.map((text, index) => `  ${index === 0 ? profile.padEnd(12) : ' '.repeat(12)}${text}`).join('\n');
    })
    .join('\n');
}

export interface ConvertOptions {
  to: 'pem' | 'p12';
  out: string;
  profile?: Pkcs12Profile;
  friendlyName?: string;
  key?: string;
  force?: boolean;
  encryptKey: boolean;
  emptyPassword?: boolean;
  json?: boolean;
  passwordFile?: string;
  passwordEnv?: string;
  keyPasswordFile?: string;
  keyPasswordEnv?: string;
  outPasswordFile?: string;
  outPasswordEnv?: string;
}

export function registerCertConvert(cert: Command): void {
  cert
    .command('convert')
    .summary('write certificates and key as a canonical PEM bundle or a PKCS#12 file')
    .description(
      [
        'Read <input> in any form "cert inspect" reads (plus an optional separate --key) and write:',
        '',
        '  --to pem  one PEM file, LF line endings: the private key first, then the leaf, the intermediates',
        '            and the root, the order SAP documents for Destination certificates and STRUST imports.',
        '            The key is written as encrypted PKCS#8 (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) with the',
        '            output password. Only --no-encrypt-key writes it unencrypted.',
        '  --to p12  a PKCS#12 file in the chosen --profile, protected by the output password.',
        '',
        'Only the key that matches a certificate and that certificate\'s chain are written; other certificates',
        'and keys are left out with a warning. A file that contains a key gets mode 0600. Before reporting',
        'success the command reads the written file back and checks that it holds the same certificates and key.',
        '',
        'The output password comes from --out-password-file, --out-password-env, or a prompt (typed twice) when',
        'stdin is a terminal; it is never taken from the command line. A PKCS#12 without password needs',
        '--empty-password.',
        '',
        'PKCS#12 profiles:',
        profileHelp(),
      ].join('\n'),
    )
    .argument('<input>', 'the file to read, or - for stdin')
    .addOption(new Option('--to <format>', 'output format').choices(['pem', 'p12'] as const).makeOptionMandatory())
    .requiredOption('--out <file>', 'where to write the result')
    .addOption(new Option('--profile <name>', 'PKCS#12 algorithms (see above); default strust').choices(profileChoices))
    .option('--friendly-name <name>', 'PKCS#12 friendly name (alias) of the key and leaf; default: the leaf\'s common name')
    .option('--key <file>', 'a separate private key file to bundle with the certificates')
    .option('--force', 'replace the output file if it exists')
    .option('--no-encrypt-key', 'with --to pem: write the private key unencrypted (prints a warning)')
    .option('--empty-password', 'with --to p12: write the PKCS#12 with an empty password (prints a warning)')
    .option('--password-file <file>', `${passwordFileHelp} (password of <input>)`)
    .option('--password-env <name>', `${passwordEnvHelp} (password of <input>)`)
    .option('--key-password-file <file>', keyPasswordFileHelp)
    .option('--key-password-env <name>', keyPasswordEnvHelp)
    .option('--out-password-file <file>', 'read the output password from FILE (one trailing newline is removed)')
    .option('--out-password-env <name>', 'read the output password from the environment variable NAME')
    .option('--json', 'print the result as one JSON document on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls cert convert destination-cert.json --to p12 --out islm.p12 --out-password-file p12-pass.txt',
        '  $ aicore-mtls cert convert client.pem --key client.key --to p12 --profile modern --out client.p12 \\',
        '        --out-password-env P12_PASSWORD',
        '  $ aicore-mtls cert convert keystore.p12 --password-env P12_PASSWORD --to pem --out bundle.pem \\',
        '        --out-password-env PEM_KEY_PASSWORD',
        '  $ aicore-mtls cert convert old-des3.key --password-file old-pass.txt --to pem --out key.pem --no-encrypt-key',
        '  $ aicore-mtls cert convert service-key.json --to pem --out chain.pem --force',
      ].join('\n') + exitCodeHelp({ 1: 'the input cannot be read, the key does not match, or writing or the read-back check failed' }),
    )
    .action(async (input, options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { runConvert } = await import('./convert-action.ts');
        return runConvert(input, options as ConvertOptions, output);
      });
    });
}
