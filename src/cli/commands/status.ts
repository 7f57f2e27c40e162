import { InvalidArgumentError, type Command } from '@commander-js/extra-typings';

import { caFileHelp, collectFiles } from '../connection-options.ts';
import { exitCodeHelp } from '../exit-codes.ts';
import { runAction } from '../run-action.ts';
import { inventoryHelp, inventoryExample, stateHelp } from './status-help.ts';

/** commander parser for a non-negative whole number (days, milliseconds, a count). */
export function parseWholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number, e.g. 30.');
  return Number(value);
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .summary('certificate lifecycle per landscape: BTP renewed, S/4HANA imported, expiring, broken')
    .description(
      [
        'For every landscape of the inventory (or one with --landscape): read the client',
        'certificate the SAP BTP Destination service holds now (public part only),',
        'compare it with the one S/4HANA holds (recorded with "aicore-mtls s4 imported"),',
        'compute when SAP BTP renews it, read the binding\'s pinning mode and the expiry',
        'of an XSUAA-generated certificate in the SAP AI Core key; rate the landscape:',
        '  OK                    S/4HANA holds the current certificate, none expires soon',
        '  EXPIRING              a certificate in use expires within --warn-days,',
        '                        or a due renewal did not happen',
        '  RENEWED_NOT_IMPORTED  SAP BTP renewed; S/4HANA still presents the old one',
        '  BROKEN                certificate unreadable, S/4HANA holds an unrelated one,',
        '                        or --check failed',
        '  EXPIRED               a certificate in use has expired',
        'Every observation and verdict goes into the state database. Landscapes are',
        'evaluated concurrently (--concurrency).',
        '',
        '--check runs ISLM\'s Check Connection, but only with the certificate S/4HANA',
        'holds: with certificate-pinning false, the first token request with a renewed',
        'certificate makes XSUAA reject the older one, which S/4HANA still presents.',
        'Otherwise the check is skipped and the output says why. The command never',
        'prompts; passwords come from the inventory\'s references.',
      ].join('\n'),
    )
    .option('--inventory <file>', inventoryHelp)
    .option('--state <file>', stateHelp)
    .option('--landscape <name>', 'evaluate only this landscape')
    .option('--check', 'also run a live connection check with the certificate S/4HANA holds (see above)')
    .option('--warn-days <days>', 'EXPIRING when a certificate in use expires within this many days', parseWholeNumber, 30)
    .option('--fail-days <days>', 'exit code 7 when a certificate in use expires within this many days', parseWholeNumber, 7)
    .option('--concurrency <n>', 'landscapes evaluated at the same time', (value) => {
      const number = parseWholeNumber(value);
      if (number < 1 || number > 64) throw new InvalidArgumentError('expected 1 to 64.');
      return number;
    }, 32) // the same as defaultStatusConcurrency, which lives in a module too heavy to load for --help
    .option('--prometheus <file>', 'also write the metrics in Prometheus text format to FILE (atomically; for node_exporter\'s textfile collector)')
    .option('--html <file>', 'also write a self-contained HTML report to FILE (atomically; no scripts, no network loads)')
    .option('--at <timestamp>', 'evaluate as of this ISO 8601 time instead of now (planning, or a sandbox with a moved clock); the state database records that time')
    .option('--busy-timeout <ms>', 'how long to wait for another run\'s lock on the state database, in milliseconds', parseWholeNumber, 5000)
    .option('--ca-file <file>', caFileHelp, collectFiles, [] as string[])
    .option('--json', 'print the report as one JSON document on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls status',
        '  $ aicore-mtls status --landscape PRD --check',
        '  $ aicore-mtls status --json --prometheus /var/lib/node_exporter/textfile/aicore_mtls.prom',
        '  $ aicore-mtls status --html /srv/www/aicore-mtls-status.html',
        '  $ aicore-mtls status --warn-days 45 --fail-days 10 --inventory /etc/aicore-mtls/aicore-mtls.yaml',
        '  $ aicore-mtls status --at 2027-06-01T00:00:00Z       # what will the verdicts be on that day?',
        '',
        inventoryExample,
      ].join('\n') +
        exitCodeHelp({
          3: 'EXPIRING: a certificate in use expires within --warn-days (worst verdict)',
          4: 'RENEWED_NOT_IMPORTED: SAP BTP renewed the certificate, S/4HANA still holds the old one',
          5: 'BROKEN: certificate unreadable, S/4HANA holds an unrelated certificate, or --check failed',
          6: 'EXPIRED: a certificate in use has expired',
          7: 'EXPIRING or RENEWED_NOT_IMPORTED with a certificate in use expiring within --fail-days',
        }) +
        '\n  The worst landscape decides: 6 > 5 > 7 > 4 > 3 > 0. A locked or damaged state database exits 1\n  with ERR_STATE_DB_LOCKED or ERR_STATE_DB_CORRUPT.',
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { runStatusCommand } = await import('./status-action.ts');
        return runStatusCommand(options, output);
      });
    });
}
