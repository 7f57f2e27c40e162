import { Command, CommanderError } from '@commander-js/extra-typings';

import { logChannel, type LogEvent } from '../diagnostics.ts';
import { commandRegistrations } from './commands/index.ts';
import { exitCodes } from './exit-codes.ts';
import { handleError } from './handle-error.ts';
import { Output, type GlobalOptions } from './output.ts';

export const version = '0.1.0';

/**
 * Context handed to every command action: the output channel built from the global options.
 * Commands return their exit code.
 */
export type CommandAction = (output: Output) => Promise<number | void>;

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

/**
 * Runs a command action with the shared output, debug rendering and error handling.
 * Sets `process.exitCode` instead of exiting, so open handles finish cleanly.
 */
export async function runAction(options: GlobalOptions, action: CommandAction): Promise<void> {
  const output = new Output(options);
  const render = (message: unknown) => output.log(message as LogEvent);
  if (output.verbose) logChannel.subscribe(render);
  try {
    const code = await action(output);
    process.exitCode = code ?? exitCodes.ok;
  } catch (error) {
    process.exitCode = handleError(error, output);
  } finally {
    if (output.verbose) logChannel.unsubscribe(render);
  }
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
