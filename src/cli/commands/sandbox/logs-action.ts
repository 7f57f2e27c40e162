import { open, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { AicoreMtlsError, UsageError } from '../../../errors.ts';
import type { RequestLogEntry } from '../../../sandbox/request-log.ts';
import type { Output } from '../../output.ts';
import type { LogsOptions } from './logs.ts';

export async function runLogs(options: LogsOptions, output: Output): Promise<number> {
  const limit = Number(options.limit);
  if (!/^\d+$/.test(options.limit)) throw new UsageError(`invalid --limit "${options.limit}"; expected a whole number (0 = all)`);
  const file = join(resolve(options.dir), 'request-log.jsonl');

  let offset = 0;
  let pending = '';
  const readNew = async (): Promise<RequestLogEntry[]> => {
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new AicoreMtlsError('ERR_SANDBOX_LOG', `cannot read the request log "${file}" (${(error as NodeJS.ErrnoException).code})`, { cause: error });
    }
    try {
      const size = (await handle.stat()).size;
      if (size < offset) offset = 0;
      const buffer = Buffer.alloc(size - offset);
      await handle.read(buffer, 0, buffer.length, offset);
      offset = size;
      const text = pending + buffer.toString('utf8');
      const lines = text.split('\n');
      pending = lines.pop() ?? '';
      return lines.filter((line) => line.trim() !== '').flatMap((line) => {
        try {
          return [JSON.parse(line) as RequestLogEntry];
        } catch {
          return [];
        }
      });
    } finally {
      await handle.close();
    }
  };

  const first = await readNew();
  const initialEntries = limit === 0 ? first : first.slice(-limit);
  if (!options.follow) {
    if (first.length === 0 && !(await exists(file))) output.info(`no request log yet at ${file}`);
    output.result(initialEntries);
    for (const entry of initialEntries) output.text(formatEntry(entry));
    return 0;
  }

  const print = (entry: RequestLogEntry) => (output.json ? output.unredacted(JSON.stringify(entry)) : output.text(formatEntry(entry)));
  for (const entry of initialEntries) print(entry);
  let interrupted = false;
  const onSignal = () => (interrupted = true);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  while (!interrupted) {
    await new Promise((wait) => setTimeout(wait, 250));
    for (const entry of await readNew()) print(entry);
  }
  return 0;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Formats one request as a line: time, service, method, path, status, decision, reason and client. */
export function formatEntry(entry: RequestLogEntry): string {
  const identity = [entry.clientId === undefined ? undefined : `client=${entry.clientId}`, entry.clientCertificateSubject === undefined ? undefined : `cert="${entry.clientCertificateSubject}"`]
    .filter((part) => part !== undefined)
    .join(' ');
  const clock = entry.sandboxTime.slice(0, 19) === entry.time.slice(0, 19) ? '' : ` [sandbox ${entry.sandboxTime}]`;
  return `${entry.time}${clock} ${entry.service} ${entry.method} ${entry.path} ${entry.status} ${entry.decision}: ${entry.reason}${identity === '' ? '' : ` (${identity})`}`;
}
