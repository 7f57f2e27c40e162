import type { Command } from '@commander-js/extra-typings';

import { registerBindingParams } from './params.ts';

/** Adds `binding` and its subcommands: files and checks for SAP BTP service bindings. */
export function registerBinding(program: Command): void {
  const binding = program
    .command('binding')
    .summary('build x509 binding parameters for SAP AI Core, Destination and XSUAA')
    .description('Build the files that create SAP BTP service bindings and service keys with a client certificate.');
  registerBindingParams(binding);
}
