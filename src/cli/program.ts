import { Command, CommanderError } from '@commander-js/extra-typings';

import { commandRegistrations } from './commands/index.ts';
import { exitCodes } from './exit-codes.ts';
import { handleError } from './handle-error.ts';
import { Output } from './output.ts';

export const version = '0.1.0';

/** Builds the command tree. Command modules load their heavy dependencies inside actions. */
export function buildProgram(): Command {
  const program = new Command()
    .name('aicore-mtls')
    .description('Move SAP S/4HANA ISLM to SAP AI Core over mutual TLS, prove it works, and keep it working.')
    .version(version, '-V, --version')
    .option('--verbose', 'print debug detail on stderr (never secrets)')
    .option('--debug', 'like --verbose, and print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .exitOverride();

  for (const register of commandRegistrations) register(program);
  return program;
}

/** Entry point: parses argv and maps commander's own errors to exit code 2. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  if (argv.length <= 2) {
    program.outputHelp({ error: true });
    process.exitCode = exitCodes.usage;
    return;
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit 0; every parse error, and help shown because no command was
      // given, is a usage error.
      process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
      return;
    }
    process.exitCode = handleError(error, new Output({}));
  }
}
