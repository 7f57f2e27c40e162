import { logChannel, type LogEvent } from '../diagnostics.ts';
import { exitCodes } from './exit-codes.ts';
import { handleError } from './handle-error.ts';
import { Output, type GlobalOptions } from './output.ts';

/**
 * Context handed to every command action: the output channel built from the global options.
 * Commands return their exit code.
 */
export type CommandAction = (output: Output) => Promise<number | void>;

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
