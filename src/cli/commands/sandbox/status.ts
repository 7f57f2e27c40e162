import type { Command } from '@commander-js/extra-typings';

import { exitCodeHelp } from '../../exit-codes.ts';
import { runAction } from '../../run-action.ts';
import { dirDefault, dirFlags, dirHelp, notRunningCode } from './dir-option.ts';

interface StatusResponse {
  pid: number;
  urls: Record<string, string>;
  ports: Record<string, number>;
  sandboxTime: string;
  clockOffsetMs: number;
  faults: number;
  requests: number;
}

export function registerSandboxStatus(sandbox: Command): void {
  sandbox
    .command('status')
    .summary('tell whether a sandbox runs in the folder, and where')
    .description('Ask the sandbox in the folder for its URLs, sandbox clock, active fault rules and request count. Exit code 0 means running, 3 not running.')
    .option(dirFlags, dirHelp, dirDefault)
    .option('--json', 'print the status as one JSON document on stdout')
    .addHelpText(
      'after',
      ['', 'Examples:', '  $ aicore-mtls sandbox status', '  $ aicore-mtls sandbox status --dir /tmp/sbx --json', '  $ aicore-mtls sandbox status >/dev/null || aicore-mtls sandbox start'].join('\n') +
        exitCodeHelp({ [notRunningCode]: 'no sandbox is running in the folder' }),
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { resolve } = await import('node:path');
        const { controlRequest, readRunningFile } = await import('../../../sandbox/control/running.ts');
        const dir = resolve(options.dir);
        if ((await readRunningFile(dir)) === undefined) {
          output.result({ running: false, dir });
          output.text(`not running (${dir})`);
          return notRunningCode;
        }
        const status = await controlRequest<StatusResponse>(dir, 'GET', '/status');
        output.result({ running: true, dir, ...status });
        const offsetDays = status.clockOffsetMs / 86_400_000;
        output.text(
          [
            `running (pid ${status.pid}, ${dir})`,
            ...Object.entries(status.urls).map(([name, url]) => `  ${name.padEnd(15)} ${url}`),
            `  sandbox time    ${status.sandboxTime}${status.clockOffsetMs === 0 ? '' : ` (${offsetDays >= 0 ? '+' : ''}${offsetDays.toFixed(2)} days from real time)`}`,
            `  fault rules     ${status.faults}`,
            `  requests        ${status.requests}`,
          ].join('\n'),
        );
        return 0;
      });
    });
}
