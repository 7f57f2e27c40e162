import { X509Certificate } from 'node:crypto';

import { certificatesToPem } from './certificate-pem.ts';
import { BindingParametersError } from './errors.ts';
import { defaultBindingService, x509LocationFor, type BindingService } from './services.ts';

/** The `x509` block for a self-managed certificate, with the field names XSUAA defines. */
export interface SelfManagedX509Parameters {
  /** The PEM chain, leaf first, as one string; JSON.stringify turns its line breaks into `\n`. */
  certificate: string;
  'ensure-uniqueness': boolean;
  'certificate-pinning': boolean;
  'hide-certificate': boolean;
}

export interface X509CredentialParameters {
  'credential-type': 'x509';
  x509: SelfManagedX509Parameters;
}

/** Top level for a plain XSUAA instance, wrapped in `xsuaa` for SAP AI Core and Destination. */
export type BindingParameters = X509CredentialParameters | { xsuaa: X509CredentialParameters };

export interface BuildBindingParametersOptions {
  /** DER certificates in chain order, leaf first. Every entry must be an X.509 certificate. */
  certificates: readonly Uint8Array[];
  service?: BindingService;
  /**
   * `certificate-pinning`. Default false, as in SAP's ISLM mTLS tutorial: XSUAA then matches the
   * subject and issuer DN, so a renewed certificate keeps working. XSUAA's own default is true.
   */
  pinning?: boolean;
  hideCertificate?: boolean;
  ensureUniqueness?: boolean;
}

/**
 * Builds the binding parameters for a self-managed client certificate. The object contains
 * only certificates: it is built from DER certificates, so no private key can get into it.
 */
export function buildBindingParameters(options: BuildBindingParametersOptions): BindingParameters {
  if (options.certificates.length === 0) {
    throw new BindingParametersError('ERR_BINDING_NO_CERTIFICATE', 'no certificate was given for the binding parameters', {
      fix: 'Pass the client certificate (PEM, DER or PKCS#12), ideally with its chain.',
    });
  }
  options.certificates.forEach((der, index) => {
    try {
      new X509Certificate(der);
    } catch (cause) {
      throw new BindingParametersError('ERR_BINDING_CERTIFICATE_INVALID', `entry ${index + 1} of the certificate list is not a DER X.509 certificate`, {
        cause,
        details: { index },
      });
    }
  });

  const credential: X509CredentialParameters = {
    'credential-type': 'x509',
    x509: {
      certificate: certificatesToPem(options.certificates),
      'ensure-uniqueness': options.ensureUniqueness ?? false,
      'certificate-pinning': options.pinning ?? false,
      'hide-certificate': options.hideCertificate ?? false,
    },
  };
  return x509LocationFor(options.service ?? defaultBindingService) === 'xsuaa' ? { xsuaa: credential } : credential;
}

/** Serialises parameters as indented JSON with a final newline; the certificate stays one string. */
export function serializeBindingParameters(parameters: BindingParameters): string {
  return `${JSON.stringify(parameters, null, 2)}\n`;
}
