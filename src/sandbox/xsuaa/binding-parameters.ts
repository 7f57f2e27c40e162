import { verifyChain } from '../tls/chain.ts';
import { parseCertificatesPem, type ParsedCertificate } from '../tls/parsed-certificate.ts';

/** Credential a binding requests from XSUAA, after validation. */
export type CredentialRequest =
  | { type: 'binding-secret'; note: string }
  | {
      type: 'x509-self-managed';
      certificatePem: string;
      chain: ParsedCertificate[];
      pinning: boolean;
      hideCertificate: boolean;
      ensureUniqueness: boolean;
    }
  | { type: 'x509-generated'; keyLength: 2048 | 4096 | 8192; validityDays: number };

/** Invalid binding parameters; the message becomes the `description` of SAP's 400 body. */
export class BindingParameterError extends Error {}

export interface ParameterRules {
  /** CAs accepted for self-managed certificates. */
  anchors: ParsedCertificate[];
  now: Date;
  /** Allowed `validity` range for `validity-type` DAYS; SAP documents 1–30 since 2022-03. */
  generatedValidityDays: { min: number; max: number };
}

const selfManagedKeys = ['certificate', 'ensure-uniqueness', 'certificate-pinning', 'hide-certificate'];
const generatedKeys = ['key-length', 'validity', 'validity-type'];

/**
 * Reads the XSUAA part of binding parameters for a service with an embedded XSUAA client
 * (SAP AI Core, Destination). Those services read `{"xsuaa":{"credential-type":…,"x509":{…}}}`.
 * Parameters at the top level are not an error on SAP BTP: they are ignored and the binding
 * gets a client secret. The sandbox does the same and returns a note for its request log.
 */
export function resolveCredentialRequest(parameters: unknown, rules: ParameterRules): CredentialRequest {
  if (parameters === undefined || parameters === null) return { type: 'binding-secret', note: 'no parameters: client-secret binding' };
  if (!isObject(parameters)) throw new BindingParameterError('parameters must be a JSON object');

  const xsuaa = parameters['xsuaa'];
  if (xsuaa === undefined) {
    const misplaced = ['credential-type', 'x509'].filter((key) => key in parameters);
    const note =
      misplaced.length > 0
        ? `top-level ${misplaced.join(' and ')} ignored because this service reads XSUAA parameters under "xsuaa": client-secret binding`
        : 'no xsuaa parameters: client-secret binding';
    return { type: 'binding-secret', note };
  }
  if (!isObject(xsuaa)) throw new BindingParameterError('parameters.xsuaa must be a JSON object');
  rejectUnknownKeys(xsuaa, ['credential-type', 'x509'], 'xsuaa', {
    certificate: 'the certificate goes under xsuaa.x509.certificate',
  });

  const credentialType = xsuaa['credential-type'];
  if (credentialType === undefined) {
    const note = 'x509' in xsuaa ? 'xsuaa.x509 without xsuaa.credential-type "x509" is unused: client-secret binding' : 'client-secret binding';
    return { type: 'binding-secret', note };
  }
  if (credentialType === 'binding-secret') return { type: 'binding-secret', note: 'credential-type binding-secret' };
  if (credentialType === 'instance-secret') {
    throw new BindingParameterError('credential-type "instance-secret" is no longer accepted for new bindings; use "binding-secret" or "x509"');
  }
  if (credentialType !== 'x509') {
    throw new BindingParameterError(`invalid credential-type ${JSON.stringify(credentialType)}; expected "x509" or "binding-secret"`);
  }

  const x509 = xsuaa['x509'] ?? {};
  if (!isObject(x509)) throw new BindingParameterError('parameters.xsuaa.x509 must be a JSON object');
  if ('certificate' in x509) return selfManaged(x509, rules);
  return generated(x509, rules);
}

function selfManaged(x509: Record<string, unknown>, rules: ParameterRules): CredentialRequest {
  const mixed = generatedKeys.filter((key) => key in x509);
  if (mixed.length > 0) {
    throw new BindingParameterError(`x509.${mixed[0]} applies to XSUAA-generated certificates and cannot be combined with x509.certificate`);
  }
  rejectUnknownKeys(x509, selfManagedKeys, 'xsuaa.x509', {});
  const certificatePem = x509['certificate'];
  if (typeof certificatePem !== 'string') throw new BindingParameterError('x509.certificate must be a PEM string');
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(certificatePem)) {
    throw new BindingParameterError('x509.certificate contains a private key; pass only the certificate chain and keep the key on the client');
  }

  let chain: ParsedCertificate[];
  try {
    chain = parseCertificatesPem(certificatePem);
  } catch {
    throw new BindingParameterError('x509.certificate contains a block that is not a valid X.509 certificate');
  }
  if (chain.length === 0) throw new BindingParameterError('x509.certificate contains no PEM certificate (-----BEGIN CERTIFICATE-----)');
  if (chain[0]!.isCa) throw new BindingParameterError(`the first certificate in x509.certificate ("${chain[0]!.subject}") is a CA certificate; put the client certificate first`);

  const verified = verifyChain(chain, rules.anchors, rules.now);
  if (!verified.ok) throw new BindingParameterError(`x509.certificate is not accepted: ${verified.reason}`);

  return {
    type: 'x509-self-managed',
    certificatePem,
    chain,
    pinning: booleanParameter(x509, 'certificate-pinning', true),
    hideCertificate: booleanParameter(x509, 'hide-certificate', false),
    ensureUniqueness: booleanParameter(x509, 'ensure-uniqueness', false),
  };
}

function generated(x509: Record<string, unknown>, rules: ParameterRules): CredentialRequest {
  rejectUnknownKeys(x509, generatedKeys, 'xsuaa.x509', {
    'certificate-pinning': 'certificate-pinning applies to self-managed certificates (x509.certificate)',
    'hide-certificate': 'hide-certificate applies to self-managed certificates (x509.certificate)',
  });
  const keyLength = x509['key-length'] ?? 2048;
  if (keyLength !== 2048 && keyLength !== 4096 && keyLength !== 8192) {
    throw new BindingParameterError(`invalid x509.key-length ${JSON.stringify(keyLength)}; expected 2048, 4096 or 8192 (bits)`);
  }
  const validityType = x509['validity-type'] ?? 'DAYS';
  const { min, max } = rules.generatedValidityDays;
  if (validityType !== 'DAYS') {
    throw new BindingParameterError(`invalid x509.validity-type ${JSON.stringify(validityType)}; XSUAA accepts only "DAYS" with a validity of ${min}–${max}`);
  }
  const validity = x509['validity'] ?? 7;
  if (typeof validity !== 'number' || !Number.isInteger(validity) || validity < min || validity > max) {
    throw new BindingParameterError(`invalid x509.validity ${JSON.stringify(validity)}; expected a whole number of days from ${min} to ${max}`);
  }
  return { type: 'x509-generated', keyLength, validityDays: validity };
}

function booleanParameter(x509: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = x509[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new BindingParameterError(`x509.${name} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function rejectUnknownKeys(object: Record<string, unknown>, allowed: string[], where: string, hints: Record<string, string>): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const hint = hints[key];
    throw new BindingParameterError(`unknown parameter ${where}.${key}${hint ? `: ${hint}` : `; expected one of ${allowed.join(', ')}`}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
