import type { Command } from '@commander-js/extra-typings';

import { exitCodeHelp } from '../../exit-codes.ts';
import { runAction } from '../../run-action.ts';
import { dirDefault, dirFlags, dirHelp, notRunningCode } from './dir-option.ts';

export function registerSandboxStop(sandbox: Command): void {
  sandbox
    .command('stop')
    .summary('stop the sandbox running in the folder')
    .description('Ask the sandbox in the folder to stop through its control endpoint and wait until its process has exited. Its CAs, certificates, bindings and clock stay in the folder for the next start.')
    .option(dirFlags, dirHelp, dirDefault)
    .option('--json', 'print the result as one JSON document on stdout')
    .addHelpText(
      'after',
      ['', 'Examples:', '  $ aicore-mtls sandbox stop', '  $ aicore-mtls sandbox stop --dir /tmp/sbx --json'].join('\n') +
        exitCodeHelp({ [notRunningCode]: 'no sandbox is running in the folder' }),
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { resolve } = await import('node:path');
        const { controlRequest, processAlive, readRunningFile } = await import('../../../sandbox/control/running.ts');
        const { AicoreMtlsError } = await import('../../../errors.ts');
        const dir = resolve(options.dir);
        const running = await readRunningFile(dir);
        if (running === undefined) {
          output.result({ ok: false, running: false, dir });
          output.info(`no sandbox is running in ${dir}`);
          return notRunningCode;
        }
        await controlRequest(dir, 'POST', '/stop');
        const deadline = Date.now() + 15_000;
        while (processAlive(running.pid)) {
          if (Date.now() > deadline) {
            throw new AicoreMtlsError('ERR_SANDBOX_STOP', `the sandbox process ${running.pid} accepted the stop request but is still running after 15 s`, {
              fix: `Check the process with "ps -p ${running.pid}"; it may be finishing a long request.`,
            });
          }
          await new Promise((wait) => setTimeout(wait, 100));
        }
        output.result({ ok: true, stopped: true, pid: running.pid, dir });
        output.text(`sandbox stopped (pid ${running.pid})`);
        return 0;
      });
    });
}
