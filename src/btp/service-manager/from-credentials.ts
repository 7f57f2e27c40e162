import type { ServiceCredentials } from '../../credentials/types.ts';
import type { HttpSettings, TlsIdentity } from '../../http/index.ts';
import { createTokenProvider, type TokenCache } from '../../xsuaa/index.ts';
import { ServiceManagerClient } from './client.ts';
import { ServiceManagerError } from './errors.ts';
import type { PollSettings } from './types.ts';

export interface ServiceManagerClientFromCredentialsOptions {
  /** Credentials of a Service Manager binding (`sm_url` present), plan subaccount-admin. */
  credentials: ServiceCredentials;
  identity?: TlsIdentity;
  http?: HttpSettings;
  poll?: PollSettings;
  cache?: TokenCache | false;
}

/** Creates a Service Manager client that gets its tokens from the binding's XSUAA client. */
export function createServiceManagerClient(options: ServiceManagerClientFromCredentialsOptions): ServiceManagerClient {
  const { credentials } = options;
  if (credentials.kind !== 'service-manager' || !credentials.sm_url) {
    throw new ServiceManagerError('ERR_SM_INVALID_ARGUMENT', `${credentials.source.description} is not a Service Manager key (no "sm_url")`, {
      fix: 'Use the service key of a Service Manager instance with plan subaccount-admin.',
      details: { source: credentials.source.source, kind: credentials.kind },
    });
  }
  return new ServiceManagerClient({
    smUrl: credentials.sm_url,
    http: options.http ?? {},
    poll: options.poll,
    getAccessToken: createTokenProvider({ credentials, identity: options.identity, http: options.http, cache: options.cache }),
  });
}
