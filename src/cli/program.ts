import { Command, CommanderError, Help } from '@commander-js/extra-typings';

import { commandTable, type CommandEntry } from './commands/index.ts';
import { exitCodes } from './exit-codes.ts';
import { handleError } from './handle-error.ts';
import { reflowHelpText } from './help-layout.ts';
import { Output } from './output.ts';

export const version = '0.1.0';

/**
 * Builds the command tree. Command modules load their heavy dependencies inside actions.
 * Given `argv`, it registers only the top-level command that argv names (see `selectCommands`);
 * without `argv`, it registers every command.
 */
export function buildProgram(argv?: readonly string[]): Command {
  const program = new Command()
    .name('aicore-mtls')
    .description('Move SAP S/4HANA ISLM to SAP AI Core over mutual TLS, prove it works, and keep it working.')
    .version(version, '-V, --version')
    .option('--verbose', 'print debug detail on stderr (never secrets)')
    .option('--debug', 'like --verbose, and print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({
      sortSubcommands: false,
      showGlobalOptions: true,
      boxWrap(text: string, width: number) {
        return Help.prototype.boxWrap.call(this, reflowHelpText(text, width), width);
      },
    })
    .exitOverride();

  const entries = argv === undefined ? commandTable : selectCommands(program, commandTable, argv);
  for (const entry of entries) entry.register(program);
  return program;
}

/**
 * Returns the one entry that argv names, or every entry when argv names none of them.
 *
 * Registering one top-level command skips building the option trees of all the others at each
 * start, and parsing gives the same result, because commander dispatches on the first operand.
 * The name is the first argument that is not an option, and only the program's flags that take
 * no value (`--verbose`, `--debug`, `-V`) may come before it. Anything else first (`--help`, an
 * unknown option, an option with a value, `--`) selects every command, and so does a name that
 * is not in the table (no command, `help`, a typo, an alias). So help listings and
 * unknown-command errors with their suggestions always see every command.
 */
export function selectCommands(program: Command, entries: readonly CommandEntry[], argv: readonly string[]): readonly CommandEntry[] {
  const flags = program.options.filter((option) => !option.required && !option.optional);
  for (const arg of argv.slice(2)) {
    if (arg.startsWith('-')) {
      if (flags.some((option) => option.long === arg || option.short === arg)) continue;
      return entries;
    }
    const named = entries.find((entry) => entry.name === arg);
    return named === undefined ? entries : [named];
  }
  return entries;
}

/** Entry point: parses argv and maps commander's own errors to exit code 2. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram(argv);
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
      // commander printed the message on stderr; --json still gets its one document.
      if (error.exitCode !== 0 && argv.includes('--json')) {
        const message = error.message.replace(/^error: /, '');
        process.stdout.write(`${JSON.stringify({ ok: false, error: { code: 'ERR_USAGE', message } }, null, 2)}\n`);
      }
      return;
    }
    process.exitCode = handleError(error, new Output({}));
  }
}
