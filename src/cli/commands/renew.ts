import type { Command } from '@commander-js/extra-typings';

import { caFileHelp, collectFiles } from '../connection-options.ts';
import { exitCodeHelp } from '../exit-codes.ts';
import type { Output } from '../output.ts';
import { passwordEnvHelp, passwordFileHelp, passwordProviderFrom } from '../password-options.ts';
import { runAction } from '../run-action.ts';
import { inventoryHelp, stateHelp } from './status-help.ts';

export function registerRenew(program: Command): void {
  program
    .command('renew')
    .summary('after SAP BTP renewed the client certificate: files and steps for the S/4HANA re-import')
    .description(
      [
        'Download the certificate SAP BTP renewed for a landscape (with its new private key),',
        'check it against the binding\'s pinning rules (certificate-pinning false: same subject',
        'and issuer DN as the certificate S/4HANA holds; true: a new binding is needed), write',
        'the STRUST import files (PKCS#12 in the strust profile and a password-protected PEM)',
        'and a short re-import sheet, and record the renewal in the state database.',
        '',
        'Nothing is sent to XSUAA: with certificate-pinning false, the first token request with',
        'the renewed certificate makes XSUAA reject the older one, which S/4HANA presents until',
        'the re-import. Do not run "aicore-mtls check" with the new files before that.',
        'The password comes from the inventory (destination.password), --password-file or',
        '--password-env, and is used for the import files too.',
      ].join('\n'),
    )
    .requiredOption('--landscape <name>', 'landscape of the inventory')
    .requiredOption('--out <dir>', 'folder for the import files and reimport.md')
    .option('--force', 'replace existing files; write them even when S/4HANA already holds the certificate')
    .option('--password-file <file>', `${passwordFileHelp} (when the inventory names no password)`)
    .option('--password-env <name>', `${passwordEnvHelp} (when the inventory names no password)`)
    .option('--inventory <file>', inventoryHelp)
    .option('--state <file>', stateHelp)
    .option('--ca-file <file>', caFileHelp, collectFiles, [] as string[])
    .option('--json', 'print the result (files, fingerprints, warnings) as one JSON document on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls renew --landscape PRD --out renewals/prd',
        '  $ aicore-mtls renew --landscape QAS --out /secure/qas --password-file qas.pass --json',
        '  $ aicore-mtls renew --landscape DEV --out dev-renewal && aicore-mtls s4 imported --landscape DEV --file exported.crt',
      ].join('\n') +
        exitCodeHelp({
          3: 'ERR_RENEW_NOT_RENEWED: S/4HANA already holds the current certificate (nothing to re-import)',
        }) +
        '\n  ERR_RENEW_PINNING_MISMATCH (exit 1): the renewed certificate has another subject or issuer; a new binding is needed.',
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => runRenewCommand(options, output));
    });
}

interface RenewCommandOptions {
  landscape: string;
  out: string;
  force?: boolean;
  passwordFile?: string;
  passwordEnv?: string;
  inventory?: string;
  state?: string;
  caFile?: string[];
}

async function runRenewCommand(options: RenewCommandOptions, output: Output): Promise<number> {
  const { httpSettingsFrom } = await import('../connection-options.ts');
  const { openLifecycle } = await import('./status-action.ts');
  const { renewLandscape, selectLandscapes } = await import('../../lifecycle/index.ts');
  const http = await httpSettingsFrom(options);
  const { inventory, store } = await openLifecycle(options);
  try {
    const [landscape] = selectLandscapes(inventory, options.landscape);
    const fromOptions = options.passwordFile !== undefined || options.passwordEnv !== undefined ? await passwordProviderFrom(options)({ subject: `the certificate of ${options.landscape}` }) : undefined;
    const result = await renewLandscape({ inventory, store, landscape: landscape!, http, outDir: options.out, force: options.force, password: fromOptions });
    for (const warning of result.warnings) output.warn(warning);
    output.warn('do not test the new certificate against XSUAA before S/4HANA imported it: with certificate-pinning false its first use makes XSUAA reject the one S/4HANA presents.');
    output.text(
      [
        `renewed certificate of ${result.landscape}: SHA-256 ${result.certificate.sha256}, notAfter ${result.certificate.notAfter}`,
        `S/4HANA holds: ${result.previous ? `SHA-256 ${result.previous.sha256}` : 'not recorded'}`,
        ...result.files.map((file) => `  ${file.path}  ${file.purpose}`),
        `next: follow ${result.files.find((file) => file.path.endsWith('reimport.md'))?.path}, then "aicore-mtls s4 imported --landscape ${result.landscape} --fingerprint ${result.certificate.sha256}"`,
      ].join('\n'),
    );
    output.result(result);
    return 0;
  } finally {
    store.close();
  }
}
