import type { Command } from '@commander-js/extra-typings';

import { exitCodeHelp } from '../../exit-codes.ts';
import { runAction } from '../../run-action.ts';
import { dirDefault, dirFlags, dirHelp, notRunningCode } from './dir-option.ts';

interface TimeResponse {
  sandboxTime: string;
  realTime: string;
  offsetMs: number;
}

function describe(time: TimeResponse): string {
  const days = time.offsetMs / 86_400_000;
  return `sandbox time ${time.sandboxTime} (real time ${time.realTime}, offset ${days >= 0 ? '+' : ''}${days.toFixed(3)} days)`;
}

export function registerSandboxTime(sandbox: Command): void {
  const time = sandbox
    .command('time')
    .summary('show or move the sandbox clock')
    .description(
      'The sandbox clock drives token expiry, certificate validity, XSUAA pinning dates and automatic renewal of Destination certificates. Moving it forward renews every certificate whose renewal time has passed, before the command returns.',
    );

  const common = <Args extends unknown[]>(command: Command<Args>) =>
    command
      .option(dirFlags, dirHelp, dirDefault)
      .option('--json', 'print the clock as one JSON document on stdout');

  common(time.command('show').summary('print the sandbox time and its offset from real time'))
    .addHelpText('after', ['', 'Examples:', '  $ aicore-mtls sandbox time show', '  $ aicore-mtls sandbox time show --json'].join('\n') + exitCodeHelp({ [notRunningCode]: 'no sandbox is running in the folder' }))
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { resolve } = await import('node:path');
        const { controlRequest } = await import('../../../sandbox/control/running.ts');
        const result = await controlRequest<TimeResponse>(resolve(options.dir), 'GET', '/time');
        output.result(result);
        output.text(describe(result));
        return 0;
      });
    });

  common(time.command('advance').summary('move the sandbox clock forward').argument('<duration>', 'how far: a number with ms, s, m, h, d or w, combinable (335d, 12h30m)'))
    .addHelpText(
      'after',
      ['', 'Examples:', '  $ aicore-mtls sandbox time advance 335d', '  $ aicore-mtls sandbox time advance 12h30m', '  $ aicore-mtls sandbox time advance 11m --json'].join('\n') +
        exitCodeHelp({ [notRunningCode]: 'no sandbox is running in the folder' }),
    )
    .action(async (duration, options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { resolve } = await import('node:path');
        const { parseDuration } = await import('../../../sandbox/clock.ts');
        const { UsageError } = await import('../../../errors.ts');
        const { controlRequest } = await import('../../../sandbox/control/running.ts');
        if (parseDuration(duration) === undefined) {
          throw new UsageError(`invalid duration "${duration}"; expected a number with ms, s, m, h, d or w, such as 335d or 12h30m`);
        }
        const result = await controlRequest<TimeResponse>(resolve(options.dir), 'POST', '/time/advance', { duration });
        output.result(result);
        output.text(describe(result));
        return 0;
      });
    });

  common(time.command('set').summary('set the sandbox clock to a date (forwards or backwards)').argument('<time>', 'ISO 8601 date, e.g. 2027-03-01T00:00:00Z'))
    .addHelpText('after', ['', 'Examples:', '  $ aicore-mtls sandbox time set 2027-03-01T00:00:00Z'].join('\n') + exitCodeHelp({ [notRunningCode]: 'no sandbox is running in the folder' }))
    .action(async (value, options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { resolve } = await import('node:path');
        const { UsageError } = await import('../../../errors.ts');
        const { controlRequest } = await import('../../../sandbox/control/running.ts');
        if (Number.isNaN(new Date(value).getTime())) throw new UsageError(`invalid time "${value}"; expected an ISO 8601 date such as 2027-03-01T00:00:00Z`);
        const result = await controlRequest<TimeResponse>(resolve(options.dir), 'POST', '/time/set', { time: value });
        output.result(result);
        output.text(describe(result));
        return 0;
      });
    });
}
