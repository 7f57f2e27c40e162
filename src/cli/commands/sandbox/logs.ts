import type { Command } from '@commander-js/extra-typings';

import { exitCodeHelp } from '../../exit-codes.ts';
import { runAction } from '../../run-action.ts';
import { dirDefault, dirFlags, dirHelp } from './dir-option.ts';

export interface LogsOptions {
  dir: string;
  follow?: boolean;
  json?: boolean;
  limit: string;
}

export function registerSandboxLogs(sandbox: Command): void {
  sandbox
    .command('logs')
    .summary('print the sandbox request log')
    .description(
      [
        'Print the requests the sandbox served, from request-log.jsonl in the folder: time, service, method, path,',
        'status, the client certificate subject presented, the client id, and the decision with its reason (why a',
        'token was refused, which pinning rule matched). Secrets, tokens and keys are never recorded. Works after the',
        'sandbox stopped too. With --follow it keeps printing new requests until Ctrl+C; with --follow --json it prints',
        'one JSON object per line (JSON Lines) instead of one document.',
      ].join('\n'),
    )
    .option(dirFlags, dirHelp, dirDefault)
    .option('--follow', 'keep printing new requests until interrupted')
    .option('--limit <count>', 'print only the last <count> entries first (0 = all)', '50')
    .option('--json', 'print the entries as one JSON array (JSON Lines with --follow)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls sandbox logs',
        '  $ aicore-mtls sandbox logs --follow',
        '  $ aicore-mtls sandbox logs --limit 0 --json | jq \'.[] | select(.decision == "rejected")\'',
      ].join('\n') + exitCodeHelp({ 1: 'the log file cannot be read' }),
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { runLogs } = await import('./logs-action.ts');
        return runLogs(options as LogsOptions, output);
      });
    });
}
