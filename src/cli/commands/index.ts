import type { Command } from '@commander-js/extra-typings';

import { registerBinding } from './binding/index.ts';
import { registerCert } from './cert/index.ts';
import { registerCheck } from './check.ts';
import { registerDemo } from './demo.ts';
import { registerS4 } from './s4/index.ts';
import { registerSandbox } from './sandbox/index.ts';
import { registerSetup } from './setup.ts';

/** Adds one top-level command (with its subcommands) to the program. */
export type CommandRegistration = (program: Command) => void;

/** Every top-level command, in the order `--help` lists them. */
export const commandRegistrations: CommandRegistration[] = [registerDemo, registerSetup, registerCheck, registerBinding, registerCert, registerS4, registerSandbox];
