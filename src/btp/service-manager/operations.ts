import { setTimeout as delay } from 'node:timers/promises';

import { logDebug } from '../../diagnostics.ts';
import { mapTransportError, readJson, type HttpResponse } from '../../http/index.ts';
import { ServiceManagerError } from './errors.ts';
import { normalizeState } from './query.ts';
import { invalidResponse, serviceManagerFailure } from './response-errors.ts';
import type { Operation, PollSettings } from './types.ts';

/** Reads an operation body, normalising `type` and `state` to lower case. */
export function parseOperation(response: HttpResponse): Operation {
  const body = readJson(response, 'reading the operation');
  if (typeof body !== 'object' || body === null || typeof (body as { state?: unknown }).state !== 'string') {
    throw invalidResponse(response, 'the operation has no "state"');
  }
  const record = body as Record<string, unknown>;
  return {
    ...(record as unknown as Operation),
    id: typeof record.id === 'string' ? record.id : '',
    type: typeof record.type === 'string' ? record.type.toLowerCase() : '',
    state: normalizeState(record.state),
    errors: Array.isArray(record.errors) ? (record.errors as Operation['errors']) : [],
  };
}

/**
 * Polls an operation (the `Location` of a 202) until it succeeds or fails, waiting longer
 * between polls each time. Rate limits (429 + Retry-After) are handled by the HTTP layer.
 */
export async function waitForOperation(
  get: (url: string) => Promise<HttpResponse>,
  location: string,
  settings: PollSettings = {},
  what = 'the operation',
): Promise<Operation> {
  const initial = settings.initialDelayMs ?? 1000;
  const maximum = settings.maxDelayMs ?? 10_000;
  const timeout = settings.timeoutMs ?? 300_000;
  const started = Date.now();
  let wait = initial;
  let last: Operation | undefined;

  for (let poll = 1; ; poll += 1) {
    const response = await get(location);
    if (response.status !== 200) throw serviceManagerFailure(response, `polling ${what}`, location);
    last = parseOperation(response);
    logDebug('service-manager', 'operation state', { location, poll, type: last.type, state: last.state, requestId: response.requestId });

    if (last.state === 'succeeded') return last;
    if (last.state === 'failed') {
      const reasons = (last.errors ?? []).map((error) => error.description ?? error.error).filter(Boolean);
      const reason = reasons.length > 0 ? reasons.join('; ') : last.description ?? 'no reason given';
      throw new ServiceManagerError('ERR_SM_OPERATION_FAILED', `${what} failed: ${reason}`, {
        fix: 'Correct the cause named above and try again; a failed binding may have to be deleted first.',
        details: { operationId: last.id, type: last.type, resourceId: last.resource_id, location },
      });
    }
    if (Date.now() - started + wait > timeout) {
      throw new ServiceManagerError('ERR_SM_OPERATION_TIMEOUT', `${what} did not finish within ${Math.round(timeout / 1000)} seconds (state "${last.state}")`, {
        fix: 'The operation continues in Service Manager. Check the binding later, or wait longer.',
        details: { operationId: last.id, type: last.type, resourceId: last.resource_id, location },
      });
    }
    try {
      await delay(wait, undefined, { signal: settings.signal });
    } catch (error) {
      throw mapTransportError(error, { method: 'GET', url: location, requestId: response.requestId });
    }
    wait = Math.min(maximum, Math.ceil(wait * 1.5));
  }
}
