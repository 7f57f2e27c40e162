import type { Command } from '@commander-js/extra-typings';

import { registerBinding } from './binding/index.ts';
import { registerCert } from './cert/index.ts';
import { registerCheck } from './check.ts';
import { registerDemo } from './demo.ts';
import { registerDoctor } from './doctor.ts';
import { registerRenew } from './renew.ts';
import { registerS4 } from './s4/index.ts';
import { registerSandbox } from './sandbox/index.ts';
import { registerSetup } from './setup.ts';
import { registerStatus } from './status.ts';

/** Adds one top-level command (with its subcommands) to the program. */
export type CommandRegistration = (program: Command) => void;

/** One top-level command: the name it is typed as, and the function that adds it to the program. */
export interface CommandEntry {
  name: string;
  register: CommandRegistration;
}

/**
 * Every top-level command, in the order `--help` lists them. `name` must be the name that
 * `register` gives the command, because start-up registers only the entry that the command line
 * names (see `selectCommands` in ../program.ts).
 */
export const commandTable: CommandEntry[] = [
  { name: 'demo', register: registerDemo },
  { name: 'setup', register: registerSetup },
  { name: 'check', register: registerCheck },
  { name: 'doctor', register: registerDoctor },
  { name: 'binding', register: registerBinding },
  { name: 'cert', register: registerCert },
  { name: 's4', register: registerS4 },
  { name: 'status', register: registerStatus },
  { name: 'renew', register: registerRenew },
  { name: 'sandbox', register: registerSandbox },
];
