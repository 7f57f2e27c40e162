import type { LogEvent } from '../diagnostics.ts';
import { redactText, redactValue } from '../redact.ts';

export interface GlobalOptions {
  json?: boolean;
  verbose?: boolean;
  debug?: boolean;
}

/**
 * Where a command writes. The result goes to stdout, everything else (progress, warnings,
 * errors) to stderr. Every line passes through redaction, so a secret that reaches a message
 * by mistake is still not printed.
 */
export class Output {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly debug: boolean;
  private readonly stdout: NodeJS.WritableStream;
  private readonly stderr: NodeJS.WritableStream;
  private jsonWritten = false;

  constructor(options: GlobalOptions, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr) {
    this.json = options.json === true;
    this.verbose = options.verbose === true || options.debug === true;
    this.debug = options.debug === true;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Prints result text on stdout; suppressed under --json, where `result()` prints instead. */
  text(text: string): void {
    if (this.json) return;
    this.stdout.write(redactText(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** Prints the one JSON document of a --json run. `allow` names secret fields the user asked for. */
  result(value: unknown, allow: ReadonlySet<string> = new Set()): void {
    if (!this.json || this.jsonWritten) return;
    this.jsonWritten = true;
    this.stdout.write(`${JSON.stringify(redactValue(value, allow), null, 2)}\n`);
  }

  /** Whether a JSON document was already printed (the error handler then prints none). */
  get hasJsonResult(): boolean {
    return this.jsonWritten;
  }

  /** Progress and information on stderr. */
  info(text: string): void {
    this.stderr.write(`${redactText(text)}\n`);
  }

  warn(text: string): void {
    this.stderr.write(`warning: ${redactText(text)}\n`);
  }

  error(text: string): void {
    this.stderr.write(`error: ${redactText(text)}\n`);
  }

  /** Renders library debug events under --verbose. */
  log(event: LogEvent): void {
    if (!this.verbose) return;
    const fields = event.fields ? ` ${JSON.stringify(redactValue(event.fields))}` : '';
    this.stderr.write(`debug: ${event.scope}: ${redactText(event.message)}${fields}\n`);
  }

  /** Writes raw secret output the user explicitly requested, bypassing redaction. */
  unredacted(text: string): void {
    this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}
