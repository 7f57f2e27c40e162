import diagnosticsChannel from 'node:diagnostics_channel';
import { debuglog } from 'node:util';

/**
 * Debug detail from the library. Library code never prints; it publishes events here.
 * `NODE_DEBUG=aicore-mtls` shows them through util.debuglog, and the CLI renders them on
 * stderr under `--verbose`. Callers must not pass secrets in `fields`.
 */
export interface LogEvent {
  scope: string;
  message: string;
  fields?: Record<string, unknown>;
}

export const logChannel = diagnosticsChannel.channel('aicore-mtls:log');

const debug = debuglog('aicore-mtls');

export function logDebug(scope: string, message: string, fields?: Record<string, unknown>): void {
  if (logChannel.hasSubscribers) logChannel.publish({ scope, message, fields } satisfies LogEvent);
  if (debug.enabled) debug('%s: %s %o', scope, message, fields ?? {});
}
