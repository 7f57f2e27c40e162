import type { ServiceCredentials } from '../../credentials/types.ts';
import type { HttpSettings, TlsIdentity } from '../../http/index.ts';
import { createTokenProvider, type TokenCache } from '../../xsuaa/index.ts';
import { DestinationCertificateClient } from './client.ts';
import { DestinationError } from './errors.ts';
import type { CertificateLevel } from './types.ts';

export interface DestinationClientFromCredentialsOptions {
  /** Credentials of a Destination service binding or service key (`uri` present). */
  credentials: ServiceCredentials;
  /** Client certificate for x509 Destination bindings whose key is not in the credentials. */
  identity?: TlsIdentity;
  http?: HttpSettings;
  level?: CertificateLevel;
  cache?: TokenCache | false;
}

/** Creates a certificate client that gets its tokens from the binding's XSUAA client. */
export function createDestinationClient(options: DestinationClientFromCredentialsOptions): DestinationCertificateClient {
  const { credentials } = options;
  if (credentials.kind !== 'destination' || !credentials.uri) {
    throw new DestinationError('ERR_DESTINATION_INVALID_ARGUMENT', `${credentials.source.description} is not a Destination service key (no "uri")`, {
      fix: 'Use the service key of a Destination service instance.',
      details: { source: credentials.source.source, kind: credentials.kind },
    });
  }
  return new DestinationCertificateClient({
    serviceUri: credentials.uri,
    level: options.level,
    http: options.http ?? {},
    getAccessToken: createTokenProvider({ credentials, identity: options.identity, http: options.http, cache: options.cache }),
  });
}
