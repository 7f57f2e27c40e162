import type { Command } from '@commander-js/extra-typings';

import { registerS4Imported } from './imported.ts';
import { registerS4Sheet } from './sheet.ts';

/** Adds `s4` and its subcommands: what the SAP S/4HANA administrator needs for ISLM over mTLS. */
export function registerS4(program: Command): void {
  const s4 = program
    .command('s4')
    .summary('values and files for the SAP S/4HANA side (STRUST, OA2C_CONFIG, SM59, ISLM)')
    .description('Produce what the SAP S/4HANA administrator configures by hand for ISLM over mTLS.');
  registerS4Sheet(s4);
  registerS4Imported(s4);
}
