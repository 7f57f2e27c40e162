import { parseCertificatePem } from './certificate-pem.ts';
import { BindingParametersError } from './errors.ts';
import { findX509Parameters } from './locate.ts';
import type { BindingService, X509BlockLocation } from './services.ts';

export interface RoundTripResult {
  location: X509BlockLocation;
  certificateCount: number;
}

/**
 * Proves that a parameters JSON text carries exactly the expected certificates: parses the JSON,
 * finds the x509 block at the service's level, rebuilds the PEM and compares every DER byte,
 * in order. Also rejects any private key in the text.
 */
export function verifyBindingParametersRoundTrip(
  json: string,
  expectedDers: readonly Uint8Array[],
  service?: BindingService,
): RoundTripResult {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(json)) {
    throw new BindingParametersError('ERR_BINDING_CONTAINS_KEY', 'the binding parameters contain a private key', {
      fix: 'Binding parameters carry only certificates; rebuild them with "aicore-mtls binding params".',
    });
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (cause) {
    throw new BindingParametersError('ERR_BINDING_ROUND_TRIP', `the binding parameters are not valid JSON: ${(cause as Error).message}`, { cause });
  }

  const report = findX509Parameters(parsed, service);
  const block = report.block;
  if (block === undefined || report.wrongLevel || block.x509 === undefined || report.problems.length > 0) {
    const problems = report.problems.length > 0 ? report.problems.join('; ') : 'no x509 block';
    throw new BindingParametersError('ERR_BINDING_ROUND_TRIP', `the binding parameters failed the check: ${problems}`, {
      details: { problems: report.problems },
    });
  }
  const certificate = block.x509['certificate'];
  if (typeof certificate !== 'string') {
    throw new BindingParametersError('ERR_BINDING_ROUND_TRIP', `"${block.path}.certificate" is missing`);
  }

  const actual = parseCertificatePem(certificate);
  if (actual.length !== expectedDers.length) {
    throw new BindingParametersError(
      'ERR_BINDING_ROUND_TRIP',
      `the certificate string contains ${actual.length} certificates, expected ${expectedDers.length}`,
      { details: { found: actual.length, expected: expectedDers.length } },
    );
  }
  actual.forEach((der, index) => {
    if (!Buffer.from(der).equals(Buffer.from(expectedDers[index]!))) {
      throw new BindingParametersError('ERR_BINDING_ROUND_TRIP', `certificate ${index + 1} in the certificate string differs from the input`, {
        details: { index },
      });
    }
  });
  return { location: block.location, certificateCount: actual.length };
}
