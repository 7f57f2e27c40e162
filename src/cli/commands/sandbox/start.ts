import type { Command } from '@commander-js/extra-typings';

import { faultSpecHelp } from '../../../sandbox/faults.ts';
import { exitCodeHelp } from '../../exit-codes.ts';
import { runAction } from '../../run-action.ts';
import { dirDefault, dirFlags, dirHelp } from './dir-option.ts';

export interface StartOptions {
  dir: string;
  port: string;
  listen: string;
  fault: string[];
  foreground?: boolean;
  json?: boolean;
}

export const defaultFirstPort = 18440;

export function registerSandboxStart(sandbox: Command): void {
  sandbox
    .command('start')
    .summary('start the sandbox (in the background unless --foreground)')
    .description(
      [
        'Start XSUAA (url and certurl on different ports), the Destination service, Service Manager and SAP AI Core',
        `on consecutive ports from --port (default ${defaultFirstPort}; the control endpoint takes the port after them).`,
        'On first start it creates a root CA and writes into the folder: ca.pem (trust it with NODE_EXTRA_CA_CERTS or',
        'curl --cacert), destination-service-key.json and service-manager-key.json (client secrets, mode 0600),',
        'aicore-instance.txt, README.md, sandbox.json (pid, ports, URLs) and control-token (mode 0600). The CAs,',
        'certificates, bindings and the clock are kept in the folder, so a restart continues where it stopped.',
        'Without --foreground it starts a background process, waits until it serves, prints the URLs and returns.',
        'Client secrets are never printed; read them from the key files.',
      ].join('\n'),
    )
    .option(dirFlags, dirHelp, dirDefault)
    .option('--port <port>', 'first port; 0 picks free ports', String(defaultFirstPort))
    .option('--listen <address>', 'address to listen on; anything but loopback exposes the sandbox to the network', '127.0.0.1')
    .option('--fault <spec>', 'inject a fault from the start (repeatable); syntax below', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--foreground', 'run in this process until Ctrl+C instead of in the background')
    .option('--json', 'print the URLs and files as one JSON document on stdout')
    .addHelpText(
      'after',
      [
        '',
        faultSpecHelp,
        '',
        'Examples:',
        '  $ aicore-mtls sandbox start',
        '  $ aicore-mtls sandbox start --dir /tmp/sbx --port 0 --json',
        '  $ aicore-mtls sandbox start --fault "service-manager:POST /v1/service_bindings=429x2" --fault xsuaa-cert=503',
        '  $ aicore-mtls sandbox start --foreground',
        '  $ NODE_EXTRA_CA_CERTS=.aicore-mtls-sandbox/ca.pem node my-client.js',
      ].join('\n') + exitCodeHelp({ 1: 'the sandbox could not start (port in use, folder not writable, already running)' }),
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { runStart } = await import('./start-action.ts');
        return runStart(options as StartOptions, output);
      });
    });
}
