import type { Command } from '@commander-js/extra-typings';

import { registerSandboxFault } from './fault.ts';
import { registerSandboxLogs } from './logs.ts';
import { registerSandboxStart } from './start.ts';
import { registerSandboxStatus } from './status.ts';
import { registerSandboxStop } from './stop.ts';
import { registerSandboxTime } from './time.ts';

/** Adds `sandbox`: run and steer the local simulator of XSUAA, Destination, Service Manager and AI Core. */
export function registerSandbox(program: Command): void {
  const sandbox = program
    .command('sandbox')
    .summary('run a local simulator of XSUAA, Destination service, Service Manager and SAP AI Core')
    .description(
      [
        'A strict local simulator of the SAP BTP services aicore-mtls talks to, over HTTPS with real mutual TLS,',
        'for trying the whole flow and testing clients without an SAP BTP account. It runs on 127.0.0.1 with a',
        'root CA of its own, keeps its CAs, certificates, bindings and clock in a folder, and has a clock that',
        'can be moved forward to test renewal and expiry.',
      ].join('\n'),
    );
  registerSandboxStart(sandbox);
  registerSandboxStop(sandbox);
  registerSandboxStatus(sandbox);
  registerSandboxLogs(sandbox);
  registerSandboxTime(sandbox);
  registerSandboxFault(sandbox);
}
