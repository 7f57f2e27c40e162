import type { Command } from '@commander-js/extra-typings';

import { faultSpecHelp } from '../../../sandbox/faults.ts';
import type { ActiveFault } from '../../../sandbox/faults.ts';
import { exitCodeHelp } from '../../exit-codes.ts';
import { runAction } from '../../run-action.ts';
import { dirDefault, dirFlags, dirHelp, notRunningCode } from './dir-option.ts';

export function registerSandboxFault(sandbox: Command): void {
  const fault = sandbox
    .command('fault')
    .summary('inject failures into the running sandbox')
    .description('Make matching requests fail as SAP endpoints do under load or in incidents: 5xx and 429 answers (with Retry-After), delays, dropped connections, HTML error pages.');

  const common = <Args extends unknown[]>(command: Command<Args>) => command.option(dirFlags, dirHelp, dirDefault).option('--json', 'print the result as one JSON document on stdout');
  const notRunning = exitCodeHelp({ 2: 'usage error, including an invalid SPEC', [notRunningCode]: 'no sandbox is running in the folder' });

  common(fault.command('add').summary('add a fault rule').argument('<spec>', 'the rule, see below'))
    .addHelpText(
      'after',
      [
        '',
        faultSpecHelp,
        '',
        'Examples:',
        '  $ aicore-mtls sandbox fault add "service-manager:POST /v1/service_bindings=429~30x2"',
        '  $ aicore-mtls sandbox fault add xsuaa-cert:/oauth/token=503x3',
        '  $ aicore-mtls sandbox fault add aicore=delay:5000',
        '  $ aicore-mtls sandbox fault add "destination:GET /destination-configuration/v1/*=html:502x*"',
        '  $ aicore-mtls sandbox fault add "*=resetx1"',
      ].join('\n') + notRunning,
    )
    .action(async (spec, options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { resolve } = await import('node:path');
        const { formatFaultRule, parseFaultSpec } = await import('../../../sandbox/faults.ts');
        const { controlRequest } = await import('../../../sandbox/control/running.ts');
        parseFaultSpec(spec);
        const { fault: added } = await controlRequest<{ fault: ActiveFault }>(resolve(options.dir), 'POST', '/faults', { spec });
        output.result(added);
        output.text(`fault rule ${added.id} added: ${formatFaultRule(added)}`);
        return 0;
      });
    });

  common(fault.command('list').summary('list the active fault rules'))
    .addHelpText('after', ['', 'Examples:', '  $ aicore-mtls sandbox fault list', '  $ aicore-mtls sandbox fault list --json'].join('\n') + notRunning)
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { resolve } = await import('node:path');
        const { formatFaultRule } = await import('../../../sandbox/faults.ts');
        const { controlRequest } = await import('../../../sandbox/control/running.ts');
        const { faults } = await controlRequest<{ faults: ActiveFault[] }>(resolve(options.dir), 'GET', '/faults');
        output.result(faults);
        if (faults.length === 0) output.text('no active fault rules');
        for (const rule of faults) {
          output.text(`${rule.id}  ${formatFaultRule({ ...rule, count: rule.remaining })}  (hit ${rule.hits} times)`);
        }
        return 0;
      });
    });

  common(fault.command('clear').summary('remove every fault rule'))
    .addHelpText('after', ['', 'Examples:', '  $ aicore-mtls sandbox fault clear'].join('\n') + notRunning)
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { resolve } = await import('node:path');
        const { controlRequest } = await import('../../../sandbox/control/running.ts');
        const result = await controlRequest<{ cleared: number }>(resolve(options.dir), 'DELETE', '/faults');
        output.result(result);
        output.text(`${result.cleared} fault rule(s) removed`);
        return 0;
      });
    });
}
