import { errorBodySummary, rejectHtml, responseContext, type HttpResponse } from '../http/index.ts';
import { AiCoreError, type AiCoreErrorCode } from './errors.ts';
import type { AiCoreErrorBody } from './types.ts';

export interface FailureContext {
  action: string;
  /** The resource group sent in `AI-Resource-Group` or asked for in the path. */
  resourceGroup?: string;
}

/**
 * Maps an unexpected AI API response to a typed error. The `{"error":{…}}` body is surfaced:
 * its code and message go into the message, its requestId into `details.aiCoreRequestId`.
 * 401/403 bodies from the gateway may be plain text; they are shown as text.
 */
export function aiCoreFailure(response: HttpResponse, context: FailureContext): Error {
  rejectHtml(response, context.action);
  const body = parseErrorBody(response);
  const text = body?.message ? `${body.code ? `${body.code}: ` : ''}${body.message}` : errorBodySummary(response);
  const details: Record<string, unknown> = {
    ...responseContext(response),
    status: response.status,
    ...(body?.code ? { aiCoreCode: body.code } : {}),
    ...(body?.requestId ? { aiCoreRequestId: body.requestId } : {}),
    ...(body?.target ? { target: body.target } : {}),
    ...(context.resourceGroup ? { resourceGroup: context.resourceGroup } : {}),
  };
  const make = (code: AiCoreErrorCode, message: string, fix?: string) =>
    new AiCoreError(code, `${message}${body?.requestId ? ` [AI Core request id ${body.requestId}]` : ''}`, { fix, details, aiCoreRequestId: body?.requestId });

  switch (response.status) {
    case 401:
      return make(
        'ERR_AICORE_UNAUTHORIZED',
        `${context.action} failed: SAP AI Core rejected the access token (${text})`,
        'Use a token of the SAP AI Core binding itself (its clientid and certurl); tokens of other services or other subaccounts are rejected ("issuer is invalid").',
      );
    case 403:
      return make('ERR_AICORE_FORBIDDEN', `${context.action} failed: SAP AI Core denied access (${text})`, 'Check the service plan and the roles of the AI Core binding.');
    case 404:
      if (context.resourceGroup !== undefined && /resource group/i.test(text + (body?.target ?? ''))) {
        return make(
          'ERR_AICORE_RESOURCE_GROUP_NOT_FOUND',
          `${context.action} failed: resource group "${context.resourceGroup}" does not exist (${text})`,
          'List the resource groups and use one of them; "default" exists in every AI Core tenant once provisioning is done.',
        );
      }
      return make('ERR_AICORE_NOT_FOUND', `${context.action} failed: not found (${text})`, 'Check that AI_API_URL is the AI API base URL from the service key.');
    case 400:
      return make('ERR_AICORE_BAD_REQUEST', `${context.action} failed: SAP AI Core rejected the request (${text})`);
    default:
      return make(
        'ERR_AICORE_REQUEST_FAILED',
        `${context.action} failed with status ${response.status} (${text})`,
        response.status >= 500 ? 'SAP AI Core is unavailable; try again in a few minutes.' : undefined,
      );
  }
}

function parseErrorBody(response: HttpResponse): AiCoreErrorBody | undefined {
  try {
    const parsed = JSON.parse(response.text()) as { error?: unknown };
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.error !== 'object' || parsed.error === null) return undefined;
    const error = parsed.error as Record<string, unknown>;
    const pick = (name: string) => (typeof error[name] === 'string' ? (error[name] as string) : undefined);
    return { code: pick('code'), message: pick('message'), requestId: pick('requestId'), target: pick('target') };
  } catch {
    return undefined;
  }
}
