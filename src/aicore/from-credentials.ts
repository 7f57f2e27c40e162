import type { ServiceCredentials } from '../credentials/types.ts';
import type { HttpSettings, TlsIdentity } from '../http/index.ts';
import { createTokenProvider, type TokenCache } from '../xsuaa/index.ts';
import { AiCoreClient } from './client.ts';
import { AiCoreError } from './errors.ts';

export interface AiCoreClientFromCredentialsOptions {
  /** Credentials of an SAP AI Core binding or service key (`serviceurls.AI_API_URL` present). */
  credentials: ServiceCredentials;
  /** Client certificate and key when the credentials lack them (self-managed certificate). */
  identity?: TlsIdentity;
  http?: HttpSettings;
  resourceGroup?: string;
  cache?: TokenCache | false;
}

/** Creates an AI Core client that gets its tokens from the binding's XSUAA client (`certurl` for x509). */
export function createAiCoreClient(options: AiCoreClientFromCredentialsOptions): AiCoreClient {
  const { credentials } = options;
  const apiUrl = credentials.serviceurls?.AI_API_URL;
  if (credentials.kind !== 'aicore' || !apiUrl) {
    throw new AiCoreError('ERR_AICORE_INVALID_ARGUMENT', `${credentials.source.description} is not an SAP AI Core key (no serviceurls.AI_API_URL)`, {
      fix: 'Use the service key or binding of the SAP AI Core instance.',
      details: { source: credentials.source.source, kind: credentials.kind },
    });
  }
  return new AiCoreClient({
    apiUrl,
    resourceGroup: options.resourceGroup,
    http: options.http ?? {},
    getAccessToken: createTokenProvider({ credentials, identity: options.identity, http: options.http, cache: options.cache }),
  });
}
