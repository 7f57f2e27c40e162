import { registerSecret } from '../redact.ts';
import { normalizeLineEndings, unescapeLiteralNewlines } from '../text/normalize.ts';
import type { TextRepair } from '../text/repair.ts';
import { CredentialsError } from './errors.ts';
import { isRecord, serviceLabels, type CredentialsCandidate } from './shapes.ts';
import type { CredentialType, CredentialsOptions, CredentialsSource, FieldOrigin, ServiceCredentials, ServiceKind } from './types.ts';

const stringFields = [
  'clientid',
  'clientsecret',
  'certificate',
  'key',
  'url',
  'certurl',
  'uri',
  'sm_url',
  'identityzone',
  'identityzoneid',
  'uaadomain',
  'xsappname',
  'subaccountid',
  'tenantid',
] as const;
type StringField = (typeof stringFields)[number];

const urlFields = new Set<string>(['url', 'certurl', 'uri', 'sm_url']);
const pemFields = new Set<string>(['certificate', 'key']);

export const serviceNames: Record<ServiceKind, string> = {
  aicore: 'SAP AI Core',
  destination: 'Destination service',
  'service-manager': 'Service Manager',
  xsuaa: 'XSUAA',
};

/** Identifies the service from the fields present, the way the SAP Cloud SDK does. */
export function detectServiceKind(values: Record<string, unknown>): ServiceKind {
  if (isRecord(values.serviceurls) && typeof values.serviceurls.AI_API_URL === 'string') return 'aicore';
  if (typeof values.sm_url === 'string') return 'service-manager';
  if (typeof values.uri === 'string') return 'destination';
  return 'xsuaa';
}

/** Builds the normalised model from one candidate, checking fields and the requested use. */
export function normalizeCandidate(
  candidate: CredentialsCandidate,
  source: CredentialsSource,
  options: CredentialsOptions,
  inheritedRepairs: TextRepair[] = [],
): ServiceCredentials {
  const { values, paths } = candidate;
  const warnings: string[] = [];
  const repairs: TextRepair[] = [...inheritedRepairs];
  const origin: Partial<Record<string, FieldOrigin>> = {};
  const where = (field: string) => paths[field] ?? `$.${field}`;
  const fieldText = (field: string) => `"${field}" (${where(field)}) in ${source.source}`;

  const read: Partial<Record<StringField, string>> = {};
  for (const field of stringFields) {
    const value = values[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      throw new CredentialsError('ERR_CREDENTIALS_FIELD_INVALID', `${fieldText(field)} must be a string, but is ${describeType(value)}`, {
        details: { source: source.source, path: where(field) },
      });
    }
    if (value.trim() === '') continue;
    let text = value.trim();
    if (pemFields.has(field)) text = normalizePem(text, repairs);
    if (urlFields.has(field)) checkUrl(text, fieldText(field), source.source, where(field));
    read[field] = text;
    origin[field] = { source: source.source, path: where(field) };
  }
  registerSecret(read.clientsecret);
  registerSecret(read.key);

  if (read.clientid === undefined) {
    throw new CredentialsError('ERR_CREDENTIALS_FIELD_MISSING', `${source.description} has no "clientid"`, {
      fix: 'Give the complete service key or binding credentials (the JSON with clientid, url and the service URLs).',
      details: { source: source.source, fields: Object.keys(values) },
    });
  }

  const serviceurls = readServiceUrls(values.serviceurls, fieldText('serviceurls'), source.source, where('serviceurls'));
  if (serviceurls) origin.serviceurls = { source: source.source, path: where('serviceurls') };

  const kind = detectServiceKind(values);
  if (options.service && options.service !== kind) {
    throw new CredentialsError(
      'ERR_CREDENTIALS_WRONG_SERVICE',
      `${source.description} holds ${serviceNames[kind]} credentials, not ${serviceNames[options.service]} credentials`,
      { fix: wrongServiceFix(options.service), details: { source: source.source, found: kind, expected: options.service } },
    );
  }

  const declared = typeof values['credential-type'] === 'string' ? (values['credential-type'] as string) : undefined;
  if (declared) origin['credential-type'] = { source: source.source, path: where('credential-type') };
  const credentialType = resolveCredentialType(declared, read, source, warnings);

  if (credentialType === 'x509' && read.clientsecret) {
    warnings.push(`${source.description} is an x509 key but also has "clientsecret"; the client secret is not used`);
  }
  if (options.authentication === 'certificate') requireCertificateAuthentication(credentialType, read, source, kind);

  const credentials: ServiceCredentials = {
    kind,
    credentialType,
    ...(declared ? { declaredCredentialType: declared } : {}),
    clientid: read.clientid,
    ...without(read, 'clientid'),
    ...(serviceurls ? { serviceurls } : {}),
    fieldNames: Object.keys(values),
    origin,
    source,
    warnings,
    repairs,
  };
  return credentials;
}

function resolveCredentialType(
  declared: string | undefined,
  read: Partial<Record<StringField, string>>,
  source: CredentialsSource,
  warnings: string[],
): CredentialType {
  const normalized = declared?.toLowerCase();
  if (normalized === 'x509_attested') {
    throw new CredentialsError(
      'ERR_CREDENTIALS_X509_ATTESTED',
      `${source.description} uses credential-type "${declared}", which authenticates with a platform-attested workload identity that this tool cannot present`,
      {
        fix: 'Create a binding or service key with credential-type "x509" and a certificate (self-managed or generated), then use that one.',
        details: { source: source.source, credentialType: declared },
      },
    );
  }
  if (normalized === 'x509' || normalized === 'x509_generated' || normalized === 'x509_provided') return 'x509';
  if (normalized === 'binding-secret' || normalized === 'instance-secret') return normalized;
  if (declared !== undefined) warnings.push(`${source.description} has an unknown credential-type "${declared}"; the type was inferred from the fields present`);

  const certificateFields = ['certificate', 'key', 'certurl'].filter((field) => read[field as StringField] !== undefined);
  if (read.clientsecret === undefined && certificateFields.length > 0) {
    if (declared === undefined) {
      warnings.push(`${source.description} has no "credential-type"; treated as x509 because it has ${certificateFields.map((field) => `"${field}"`).join(', ')} and no "clientsecret"`);
    }
    return 'x509';
  }
  if (read.clientsecret !== undefined && read.certificate !== undefined && read.key !== undefined && read.certurl !== undefined) {
    warnings.push(`${source.description} has both a client secret and a certificate with key and no "credential-type"; the certificate is used`);
    return 'x509';
  }
  if (read.clientsecret !== undefined) return 'binding-secret';
  throw new CredentialsError('ERR_CREDENTIALS_FIELD_MISSING', `${source.description} has neither "clientsecret" nor certificate fields ("certificate", "key", "certurl")`, {
    fix: 'Give the complete service key or binding credentials.',
    details: { source: source.source },
  });
}

function requireCertificateAuthentication(type: CredentialType, read: Partial<Record<StringField, string>>, source: CredentialsSource, kind: ServiceKind): void {
  if (type !== 'x509') {
    throw new CredentialsError(
      'ERR_CREDENTIALS_SECRET_ONLY',
      `${source.description} holds client-secret credentials (${type}); a client certificate is needed here`,
      {
        fix:
          kind === 'aicore' || kind === 'destination'
            ? `Create an x509 binding or service key for the ${serviceNames[kind]} instance with the parameters {"xsuaa":{"credential-type":"x509","x509":{…}}} and use its credentials.`
            : 'Create a binding or service key with credential-type "x509" and use its credentials.',
        details: { source: source.source, credentialType: type },
      },
    );
  }
  if (read.certurl === undefined) {
    throw certurlMissing(source, read.url);
  }
}

/** Builds the error for an x509 key without `certurl`, with the likely value when `url` is known. */
export function certurlMissing(source: CredentialsSource, url: string | undefined): CredentialsError {
  const guess = url?.replace('.authentication.', '.authentication.cert.');
  const hint = guess && guess !== url ? ` It is usually "url" with "authentication." replaced by "authentication.cert.", here ${guess}.` : '';
  return new CredentialsError('ERR_CREDENTIALS_CERTURL_MISSING', `${source.description} is an x509 key without "certurl", the XSUAA host for token requests with a client certificate`, {
    fix: `Use the complete x509 service key or binding, which contains "certurl".${hint} The plain "url" does not accept client certificates.`,
    details: { source: source.source },
  });
}

function normalizePem(text: string, repairs: TextRepair[]): string {
  let result = text;
  if (!result.includes('\n') && /\\+n/.test(result)) result = unescapeLiteralNewlines(result, repairs).text;
  result = normalizeLineEndings(result, repairs).text;
  return result.trim() + '\n';
}

function checkUrl(text: string, field: string, source: string, path: string): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CredentialsError('ERR_CREDENTIALS_FIELD_INVALID', `${field} is not a URL`, { details: { source, path } });
  }
  if (url.protocol !== 'https:') {
    throw new CredentialsError('ERR_CREDENTIALS_FIELD_INVALID', `${field} must be an https URL, not ${url.protocol}`, {
      fix: 'SAP BTP service URLs always use https; check that the value was not edited.',
      details: { source, path },
    });
  }
}

function readServiceUrls(value: unknown, field: string, source: string, path: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    throw new CredentialsError('ERR_CREDENTIALS_FIELD_INVALID', `${field} must be an object of URLs, but is ${describeType(value)}`, { details: { source, path } });
  }
  const urls: Record<string, string> = {};
  for (const [name, url] of Object.entries(value)) {
    if (typeof url !== 'string') continue;
    checkUrl(url.trim(), `${field.replace('"serviceurls"', `"serviceurls.${name}"`)}`, source, `${path}.${name}`);
    urls[name] = url.trim();
  }
  return urls;
}

function wrongServiceFix(expected: ServiceKind): string {
  switch (expected) {
    case 'aicore':
      return 'Use a service key of the SAP AI Core instance (it has serviceurls.AI_API_URL).';
    case 'destination':
      return 'Use a service key of the Destination service instance (it has "uri").';
    case 'service-manager':
      return 'Use a service key of a Service Manager instance with plan subaccount-admin (it has "sm_url").';
    default:
      return `Use a service key of the ${serviceLabels[expected]} instance.`;
  }
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function without<T extends Record<string, unknown>, K extends keyof T>(record: T, key: K): Omit<T, K> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}
