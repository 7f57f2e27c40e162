import type { Command } from '@commander-js/extra-typings';

import { UsageError } from '../../../errors.ts';
import { exitCodeHelp } from '../../exit-codes.ts';
import { passwordEnvHelp, passwordFileHelp } from '../../password-options.ts';
import type { Output } from '../../output.ts';
import { passwordProviderFrom } from '../../password-options.ts';
import { runAction } from '../../run-action.ts';
import { inventoryHelp, stateHelp } from '../status-help.ts';

/** Adds `s4 imported`: records which client certificate S/4HANA holds after a STRUST import. */
export function registerS4Imported(parent: Command): void {
  parent
    .command('imported')
    .summary('record which client certificate S/4HANA holds (after a STRUST import)')
    .description(
      [
        'Record in the state database which client certificate the landscape\'s S/4HANA',
        'system holds in its SSL client PSE, so that "aicore-mtls status" can tell when',
        'SAP BTP renewed the certificate and S/4HANA still presents the old one.',
        'Give the certificate exported from STRUST (double-click the own certificate,',
        'Export; PEM, DER or Base64) with --file, or its SHA-256 fingerprint with',
        '--fingerprint. A fingerprint is completed with subject and validity from an',
        'earlier "status" observation of the same certificate. Never prints a key.',
      ].join('\n'),
    )
    .requiredOption('--landscape <name>', 'landscape of the inventory')
    .option('--fingerprint <sha256>', 'SHA-256 fingerprint of the certificate in the PSE (hex, colons allowed)')
    .option('--file <file>', 'certificate exported from the PSE, any format (- for stdin)')
    .option('--password-file <file>', `${passwordFileHelp} (only for an encrypted --file)`)
    .option('--password-env <name>', `${passwordEnvHelp} (only for an encrypted --file)`)
    .option('--inventory <file>', inventoryHelp)
    .option('--state <file>', stateHelp)
    .option('--json', 'print the recorded certificate as one JSON document on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls s4 imported --landscape PRD --file ISLM-own-certificate.crt',
        '  $ aicore-mtls s4 imported --landscape DEV --fingerprint 3F:A1:…:9C',
        '  $ aicore-mtls s4 imported --landscape QAS --file - < exported.pem --json',
      ].join('\n') + exitCodeHelp({ 3: 'recorded, but it is not the certificate the Destination service held when last observed' }),
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        return runS4ImportedCommand(options, output);
      });
    });
}

interface S4ImportedOptions {
  landscape: string;
  fingerprint?: string;
  file?: string;
  passwordFile?: string;
  passwordEnv?: string;
  inventory?: string;
  state?: string;
}

async function runS4ImportedCommand(options: S4ImportedOptions, output: Output): Promise<number> {
  if ((options.fingerprint === undefined) === (options.file === undefined)) {
    throw new UsageError('expected exactly one of --fingerprint and --file', { fix: 'Name the certificate S/4HANA has by its SHA-256 fingerprint, or give the file exported from STRUST.' });
  }
  const { recordS4Import, selectLandscapes } = await import('../../../lifecycle/index.ts');
  const certificates = options.file === undefined ? undefined : (await (await import('../../../material/index.ts')).readMaterialFile(options.file, { passwords: passwordProviderFrom(options) })).certificates;

  const { inventory, store } = await (await import('../status-action.ts')).openLifecycle(options);
  try {
    const [landscape] = selectLandscapes(inventory, options.landscape);
    const result = recordS4Import({ store, landscape: landscape!, fingerprint: options.fingerprint, certificates, origin: options.file ?? '--fingerprint' });
    for (const warning of result.warnings) output.warn(warning);
    const recorded = result.observation;
    output.text(
      [
        `recorded for ${landscape!.name} (${landscape!.s4.system} PSE ${landscape!.s4.identity}):`,
        `  SHA-256  ${recorded.sha256}`,
        ...(recorded.subject ? [`  subject  ${recorded.subject}`] : []),
        ...(recorded.notAfter ? [`  notAfter ${recorded.notAfter}`] : []),
      ].join('\n'),
    );
    output.result({ landscape: landscape!.name, recorded, matchesLatestBtp: result.matchesLatestBtp, warnings: result.warnings });
    return result.matchesLatestBtp === false ? 3 : 0;
  } finally {
    store.close();
  }
}
