import type { ServiceCredentials } from '../credentials/index.ts';
import { readMaterial, type Certificate } from '../material/index.ts';
import { buildChain } from '../x509/chain.ts';
import type { LoadedBindingParameters } from './load-binding-parameters.ts';

/** The certificate a binding accepts, as far as the inputs show it. */
export interface BoundCertificate {
  /** For messages: `"certificate" of credentials file "key.json"` or `binding parameters "p.json"`. */
  origin: string;
  leaf: Certificate;
  /** `certificate-pinning` when known: from the binding parameters, else from the service key. */
  pinning?: boolean;
  /** Source of `pinning`, for messages. */
  pinningSource?: string;
}

/**
 * Finds the binding's certificate: the service key's `certificate` (what XSUAA returned for
 * the binding), else the certificate in the binding parameters (what was submitted).
 */
export async function findBoundCertificate(
  credentials: ServiceCredentials | undefined,
  serviceKeyPinning: boolean | undefined,
  parameters: LoadedBindingParameters | undefined,
): Promise<BoundCertificate | undefined> {
  let origin: string | undefined;
  let certificates: Certificate[] = [];
  if (credentials?.certificate) {
    origin = `"certificate" of ${credentials.source.description}`;
    certificates = (await readMaterial({ bytes: Buffer.from(credentials.certificate), origin }).catch(() => undefined))?.certificates ?? [];
  }
  if (certificates.length === 0 && parameters !== undefined && parameters.certificates.length > 0) {
    origin = `the certificate in binding parameters "${parameters.path}"`;
    certificates = parameters.certificates;
  }
  const leaf = buildChain(certificates).leaf;
  if (leaf === undefined || origin === undefined) return undefined;

  const bound: BoundCertificate = { origin, leaf };
  if (parameters?.pinning !== undefined) {
    bound.pinning = parameters.pinning;
    bound.pinningSource = parameters.pinningStated ? `binding parameters "${parameters.path}"` : `XSUAA's default, because binding parameters "${parameters.path}" do not set it`;
  } else if (serviceKeyPinning !== undefined && credentials !== undefined) {
    bound.pinning = serviceKeyPinning;
    bound.pinningSource = credentials.source.description;
  }
  return bound;
}
