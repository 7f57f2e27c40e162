import { InvalidArgumentError, Option, type Command } from '@commander-js/extra-typings';

import { exitCodeHelp } from '../../exit-codes.ts';
import { passwordEnvHelp, passwordFileHelp } from '../../password-options.ts';
import { runAction } from '../../run-action.ts';
import type { SheetCommandOptions } from './sheet-action.ts';

export function registerS4Sheet(s4: Command): void {
  s4.command('sheet')
    .summary('write the S/4HANA configuration sheet (STRUST, OA2C_CONFIG, SM59, ISLM)')
    .description(
      [
        'Write every value the S/4HANA administrator enters for ISLM over mTLS, in the order of the work:',
        'the STRUST SSL client identity, the import file with its SHA-256 and where its password is kept,',
        'the values to compare after the import, the root certificate for each PSE, the OA2C_CONFIG OAuth',
        'client, the SM59 destination, ISLM_REUSE_CFGV, the renewal dates and a troubleshooting table.',
        'Each value names the service-key field it comes from.',
        '',
        'Formats: md (Markdown for a terminal or a ticket), html (one self-contained page with a copy button',
        'per value and a checkbox per step; it loads nothing from the network) and json (stable field names,',
        'the values under "values" by field id). The default follows the --out extension, else md.',
        '',
        'Roots: without --probe the identity PSE gets DigiCert Global Root G2 (what SAP\'s ISLM tutorial',
        'imports for certurl) and DFAULT gets it as an unconfirmed candidate. With --probe the command',
        'connects to the certurl and AI_API_URL hosts over TLS (no request, no client certificate), verifies',
        'them against Node\'s CA store plus --ca-file, and names the root each host chains to. Nothing is',
        'downloaded; root PEM files come from Node\'s bundled CA store or the observed chain, and are written',
        'only with --write-roots.',
        '',
        'The sheet never contains a password, client secret or private key. --bundle is decrypted only to',
        'check that the key belongs to the certificate; the sheet names the password source instead.',
      ].join('\n'),
    )
    .requiredOption('--service-key <file>', 'service key of the SAP AI Core x509 binding (any shape: key JSON, cf service-key output, binding JSON)')
    .option('--bundle <file>', 'the file STRUST imports (PEM with encrypted key and chain, or PKCS#12)')
    .option('--password-file <file>', `${passwordFileHelp} (password of --bundle)`)
    .option('--password-env <name>', `${passwordEnvHelp} (password of --bundle)`)
    .option('--identity <name>', 'STRUST SSL client identity (default ISLM)')
    .option('--oauth-config <name>', 'OA2C_CONFIG configuration name (default ISLM_OAUTH_MTLS)')
    .option('--destination <name>', 'SM59 destination (default ISLM_REUSE_CONNECTION)')
    .option('--resource-group <id>', 'SAP AI Core resource group (default default)')
    .addOption(new Option('--auto-renew <state>', 'automatic renewal of the Destination certificate; default unknown').choices(['on', 'off', 'unknown'] as const))
    .option('--validity <length>', 'validity requested at generation, such as 1y, 6m or 90d; default: from the certificate dates')
    .addOption(new Option('--format <format>', 'output format; default from --out, else md').choices(['md', 'html', 'json'] as const))
    .option('--out <file>', 'write the sheet to FILE instead of stdout')
    .option('--force', 'replace --out and root files that exist with other content')
    .option('--probe', 'read the server chains of the certurl and AI_API_URL hosts (TLS only, 10 s timeout)')
    .option('--ca-file <file>', 'extra root(s) the probe trusts, PEM or DER; repeatable', collect, [] as string[])
    .option('--write-roots [dir]', 'write the root PEM files for STRUST into DIR (default: the folder of --out)')
    .option('--json', 'print one JSON document on stdout: the sheet model, files written and warnings')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls s4 sheet --service-key aicore-x509-key.json',
        '  $ aicore-mtls s4 sheet --service-key key.json --bundle islm-strust.pem --password-file islm.pass --out s4-sheet.html',
        '  $ aicore-mtls s4 sheet --service-key key.json --probe --out s4/sheet.md --write-roots',
        '  $ aicore-mtls s4 sheet --service-key key.json --identity ISLMTL --auto-renew on --validity 1y --format json --out sheet.json',
        '  $ aicore-mtls s4 sheet --service-key key.json --json > sheet.json',
      ].join('\n') + exitCodeHelp({ 3: '--probe could not read a host\'s chain; the sheet was written with the expected root for it' }),
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { runSheet } = await import('./sheet-action.ts');
        return runSheet(options as SheetCommandOptions, output);
      });
    });
}

function collect(value: string, previous: string[]): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('expected a file path.');
  return [...previous, value];
}
