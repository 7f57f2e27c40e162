import type { Command } from '@commander-js/extra-typings';

/** Adds one top-level command (with its subcommands) to the program. */
export type CommandRegistration = (program: Command) => void;

/** Every top-level command, in the order `--help` lists them. */
export const commandRegistrations: CommandRegistration[] = [];
