import type { Command } from '@commander-js/extra-typings';

import { exitCodeHelp } from '../exit-codes.ts';
import { runAction } from '../run-action.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .summary('run the whole mTLS setup and check against the built-in sandbox')
    .description(
      [
        'Start the sandbox (a local, strict simulator of XSUAA, the Destination service, Service Manager and',
        'SAP AI Core with real TLS and its own CA) in this process, run "setup" against it end to end, run',
        '"check" with the AICORE_SERVICE_KEY file that setup wrote, list the files, and stop the sandbox.',
        'Nothing leaves this machine: every connection goes to 127.0.0.1.',
        '',
        'The folder gets three parts: sandbox/ (the sandbox CA and service keys), setup/ (everything setup',
        'writes for S/4HANA and SAP AI SDK users) and certificate-password.txt (0600), the generated',
        'password of the demo certificate.',
      ].join('\n'),
    )
    .option('--out <dir>', 'folder for the demo', 'aicore-mtls-demo')
    .option('--force', 'replace the folder of an earlier demo')
    .option('--json', 'print the setup summary and check result as one JSON document on stdout')
    .addHelpText(
      'after',
      ['', 'Examples:', '  $ aicore-mtls demo', '  $ aicore-mtls demo --out /tmp/islm-demo --force', '  $ aicore-mtls demo --json > demo.json', '  $ npm run demo'].join('\n') + exitCodeHelp(),
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { runDemo } = await import('./demo-action.ts');
        return runDemo(options, output);
      });
    });
}
