import { toPem } from '../x509/certificate-authority.ts';
import { BindingParametersError } from './errors.ts';

/** Concatenates DER certificates into PEM blocks with 64-character lines, LF endings, in order. */
export function certificatesToPem(certificates: readonly Uint8Array[]): string {
  return certificates.map((der) => toPem('CERTIFICATE', der)).join('');
}

const block = /-----BEGIN ([A-Z0-9 ]+)-----\n([A-Za-z0-9+/=\n]*?)\n?-----END \1-----\n?/g;

/**
 * Splits the `certificate` value of x509 binding parameters back into DER certificates. The
 * check is strict on purpose: it reads what this tool wrote, so a CR, a literal `\n` (escaped
 * twice on the way into JSON), a non-certificate block or text between blocks is an error.
 */
export function parseCertificatePem(text: string): Uint8Array[] {
  if (text.includes('\r')) {
    throw roundTripError('the certificate string contains carriage returns (CRLF line endings)');
  }
  if (text.includes('\\n')) {
    throw roundTripError('the certificate string contains a literal "\\n": the PEM was escaped twice');
  }

  const certificates: Uint8Array[] = [];
  let consumed = 0;
  for (const match of text.matchAll(block)) {
    const between = text.slice(consumed, match.index);
    if (between.trim() !== '') throw roundTripError(`the certificate string has unexpected text "${between.trim().slice(0, 40)}"`);
    const label = match[1]!;
    if (label !== 'CERTIFICATE') {
      throw new BindingParametersError(
        label.includes('PRIVATE KEY') ? 'ERR_BINDING_CONTAINS_KEY' : 'ERR_BINDING_ROUND_TRIP',
        `the certificate string contains a "${label}" block; only CERTIFICATE blocks belong there`,
        { fix: 'Rebuild the parameters file from the certificate alone with "aicore-mtls binding params".' },
      );
    }
    const base64 = match[2]!.replace(/\n/g, '');
    const der = Buffer.from(base64, 'base64');
    if (der.length === 0 || der.toString('base64') !== base64) {
      throw roundTripError(`certificate ${certificates.length + 1} in the certificate string is not valid base64`);
    }
    certificates.push(new Uint8Array(der));
    consumed = match.index + match[0].length;
  }
  const rest = text.slice(consumed);
  if (rest.trim() !== '') throw roundTripError(`the certificate string has unexpected text "${rest.trim().slice(0, 40)}"`);
  if (certificates.length === 0) throw roundTripError('the certificate string contains no PEM certificate');
  return certificates;
}

function roundTripError(problem: string): BindingParametersError {
  return new BindingParametersError('ERR_BINDING_ROUND_TRIP', problem, {
    fix: 'Rebuild the parameters file with "aicore-mtls binding params" instead of editing the certificate string by hand.',
  });
}
