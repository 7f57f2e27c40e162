import type { Environment } from '../http/dispatcher.ts';
import { parseCredentials } from './read.ts';
import type { CredentialsOptions, ServiceCredentials } from './types.ts';

/**
 * Reads credentials from the environment, as SAP's SDKs do: `AICORE_SERVICE_KEY` (a service
 * key JSON, SAP AI Core only) first, then `VCAP_SERVICES` (Cloud Foundry), where the entry
 * is chosen by `options.instanceName` or by the service label of `options.service`.
 * Returns undefined when neither variable applies; throws when a variable is set but unusable.
 */
export function credentialsFromEnvironment(environment: Environment, options: CredentialsOptions = {}): ServiceCredentials | undefined {
  const serviceKey = environment.AICORE_SERVICE_KEY;
  if (serviceKey !== undefined && serviceKey.trim() !== '' && (options.service === undefined || options.service === 'aicore')) {
    return parseCredentials(serviceKey, 'AICORE_SERVICE_KEY', { ...options, service: options.service ?? 'aicore', sourceKind: 'environment' });
  }
  const vcap = environment.VCAP_SERVICES;
  if (vcap !== undefined && vcap.trim() !== '') {
    return parseCredentials(vcap, 'VCAP_SERVICES', { ...options, sourceKind: 'environment' });
  }
  return undefined;
}
