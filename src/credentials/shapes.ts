import { CredentialsError } from './errors.ts';
import type { CredentialShape, ServiceKind } from './types.ts';

/** One set of credentials found in the input, before normalisation. */
export interface CredentialsCandidate {
  values: Record<string, unknown>;
  /** Path of each field in `values`, such as `$.credentials.clientid` or `data.clientid`. */
  paths: Record<string, string>;
  shape: CredentialShape;
  instanceName?: string;
  label?: string;
  plan?: string;
  /** Location of this candidate in the input, for messages: `$.aicore[0]`. */
  location: string;
}

/** Service labels as they appear in VCAP_SERVICES and the Service Manager catalog. */
export const serviceLabels: Record<ServiceKind, string> = {
  aicore: 'aicore',
  destination: 'destination',
  'service-manager': 'service-manager',
  xsuaa: 'xsuaa',
};

/**
 * Finds the credentials objects in a parsed JSON document, whatever shape wraps them: a
 * flat service key, `{"credentials": …}` (cf CLI 8, Service Manager and btp CLI bindings),
 * VCAP_SERVICES, a list of bindings, or a Kubernetes secret. `shape` is the outer shape
 * already recognised from the text (a cf preamble, YAML).
 */
export function findCandidates(value: unknown, origin: string, shape: CredentialShape = 'service-key'): CredentialsCandidate[] {
  return unwrap(value, '$', origin, shape, 0);
}

function unwrap(value: unknown, path: string, origin: string, shape: CredentialShape, depth: number): CredentialsCandidate[] {
  if (depth > 4) return [];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => unwrap(item, `${path}[${index}]`, origin, shape, depth + 1));
  }
  if (!isRecord(value)) return [];

  if (value.kind === 'Secret' || (typeof value.apiVersion === 'string' && (isRecord(value.data) || isRecord(value.stringData)))) {
    return [kubernetesSecret(value, origin, shape === 'kubernetes-secret-yaml' ? shape : 'kubernetes-secret')];
  }
  if (value.kind === 'List' && Array.isArray(value.items)) {
    throw new CredentialsError('ERR_CREDENTIALS_SHAPE', `${origin} is a Kubernetes list of ${value.items.length} objects, not one secret`, {
      fix: 'Export a single secret: kubectl get secret NAME -o json > secret.json',
      details: { origin },
    });
  }
  if (typeof value.clientid === 'string') return [flat(value, path, shape)];
  if (isRecord(value.uaa) && typeof value.uaa.clientid === 'string') return [withNestedUaa(value, path, shape)];

  if (isRecord(value.credentials)) {
    const inner = unwrap(value.credentials, `${path}.credentials`, origin, shape, depth + 1);
    let wrapperShape: CredentialShape = 'credentials-wrapper';
    if (shape === 'cf-service-key') wrapperShape = shape;
    else if (typeof value.service_instance_id === 'string' || typeof value.service_instance_name === 'string') wrapperShape = 'btp-binding';
    return inner.map((candidate) => ({
      ...candidate,
      shape: shape === 'vcap-services' ? shape : wrapperShape,
      instanceName: stringField(value.instance_name) ?? stringField(value.name) ?? candidate.instanceName,
      label: stringField(value.label) ?? candidate.label,
      plan: stringField(value.plan) ?? candidate.plan,
      location: path === '$' ? candidate.location : path,
    }));
  }
  if (Array.isArray(value.items)) return unwrap(value.items, `${path}.items`, origin, shape, depth + 1);

  // VCAP_SERVICES: every value is an array of bindings of one service label.
  const entries = Object.entries(value);
  if (entries.length > 0 && entries.every(([, item]) => Array.isArray(item))) {
    return entries.flatMap(([label, bindings]) =>
      (bindings as unknown[]).flatMap((binding, index) =>
        unwrap(binding, `${path}${member(label)}[${index}]`, origin, 'vcap-services', depth + 1).map((candidate) => ({
          ...candidate,
          label: candidate.label ?? label,
        })),
      ),
    );
  }
  return [];
}

function flat(value: Record<string, unknown>, path: string, shape: CredentialShape): CredentialsCandidate {
  const paths: Record<string, string> = {};
  for (const field of Object.keys(value)) paths[field] = `${path}${member(field)}`;
  return { values: value, paths, shape, location: path };
}

/** Some keys (older service brokers) carry the OAuth client under `uaa`; its fields are lifted up. */
function withNestedUaa(value: Record<string, unknown>, path: string, shape: CredentialShape): CredentialsCandidate {
  const uaa = value.uaa as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  const paths: Record<string, string> = {};
  for (const [field, item] of Object.entries(value)) {
    if (field === 'uaa') continue;
    values[field] = item;
    paths[field] = `${path}${member(field)}`;
  }
  for (const [field, item] of Object.entries(uaa)) {
    if (field in values) continue;
    values[field] = item;
    paths[field] = `${path}.uaa${member(field)}`;
  }
  return { values, paths, shape, location: path };
}

interface MetadataProperty {
  name: string;
  format?: string;
  container?: boolean;
}

/**
 * Reads a secret written by the SAP BTP service operator. The operator writes one key per
 * credential field (objects JSON-encoded) plus a `.metadata` key that lists which keys are
 * credentials and which are instance facts. With `secretKey` or `secretRootKey` a single key
 * contains the whole credentials JSON. `data` values are base64, `stringData` values plain.
 */
function kubernetesSecret(secret: Record<string, unknown>, origin: string, shape: CredentialShape): CredentialsCandidate {
  const entries = new Map<string, { text: string; path: string }>();
  for (const section of ['stringData', 'data'] as const) {
    const map = secret[section];
    if (map === undefined || map === null) continue;
    if (!isRecord(map)) throw invalid(origin, section, 'a map of strings');
    for (const [name, raw] of Object.entries(map)) {
      if (typeof raw !== 'string') throw invalid(origin, `${section}.${name}`, 'a string');
      const text = section === 'data' ? decodeSecretValue(raw, origin, `${section}.${name}`) : raw;
      if (!entries.has(name)) entries.set(name, { text, path: `${section}.${name}` });
    }
  }
  const metadata = secret.metadata;
  const secretName = isRecord(metadata) ? stringField(metadata.name) : undefined;
  const location = secretName ? `secret "${secretName}"` : 'the secret';

  const described = entries.get('.metadata');
  let credentialProperties: MetadataProperty[] | undefined;
  let metadataProperties: MetadataProperty[] = [];
  if (described) {
    const parsed = parseJsonValue(described.text);
    if (isRecord(parsed) && Array.isArray(parsed.credentialProperties)) {
      credentialProperties = parsed.credentialProperties.filter(isMetadataProperty);
      metadataProperties = Array.isArray(parsed.metaDataProperties) ? parsed.metaDataProperties.filter(isMetadataProperty) : [];
    }
  }

  const values: Record<string, unknown> = {};
  const paths: Record<string, string> = {};
  const absorbContainer = (entry: { text: string; path: string }) => {
    const parsed = parseJsonValue(entry.text);
    if (!isRecord(parsed)) throw invalid(origin, entry.path, 'a JSON object with the credentials');
    for (const [field, item] of Object.entries(parsed)) {
      values[field] = field === 'serviceurls' && typeof item === 'string' ? parseJsonValue(item) ?? item : item;
      paths[field] = `${entry.path} → $${member(field)}`;
    }
  };

  if (credentialProperties) {
    for (const property of credentialProperties) {
      const entry = entries.get(property.name);
      if (!entry) continue;
      if (property.container) {
        absorbContainer(entry);
        continue;
      }
      values[property.name] = property.format === 'json' ? parseJsonValue(entry.text) ?? entry.text : entry.text;
      paths[property.name] = entry.path;
    }
  } else {
    const credentialEntries = [...entries.entries()].filter(([name]) => name !== '.metadata');
    const single = credentialEntries.length === 1 ? credentialEntries[0]![1] : undefined;
    const container = credentialEntries.find(([, entry]) => {
      const parsed = parseJsonValue(entry.text);
      return isRecord(parsed) && typeof parsed.clientid === 'string';
    });
    if (container && (single || !entries.has('clientid'))) {
      absorbContainer(container[1]);
    } else {
      for (const [name, entry] of credentialEntries) {
        const looksLikeJson = /^\s*[{[]/.test(entry.text);
        values[name] = looksLikeJson ? parseJsonValue(entry.text) ?? entry.text : entry.text;
        paths[name] = entry.path;
      }
    }
  }

  // Instance facts the operator stores next to the credentials (or inside the root-key JSON).
  const facts: Record<string, string | undefined> = {};
  for (const name of ['instance_name', 'label', 'plan']) {
    const listed = metadataProperties.some((property) => property.name === name);
    const inside = typeof values[name] === 'string' ? (values[name] as string) : undefined;
    facts[name] = listed || !credentialProperties ? inside ?? entries.get(name)?.text : undefined;
  }
  if (!credentialProperties) {
    for (const name of ['instance_name', 'instance_external_name', 'instance_guid', 'plan', 'label', 'type', 'tags']) {
      delete values[name];
      delete paths[name];
    }
  }
  return { values, paths, shape, instanceName: facts.instance_name, label: facts.label, plan: facts.plan, location };
}

function decodeSecretValue(raw: string, origin: string, path: string): string {
  const compact = raw.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new CredentialsError('ERR_CREDENTIALS_FIELD_INVALID', `${origin}: "${path}" is not base64, but values under "data" must be`, {
      fix: 'Put plain values under "stringData" instead of "data", or export the secret again with kubectl get secret NAME -o json.',
      details: { origin, path },
    });
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

function parseJsonValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isMetadataProperty(value: unknown): value is MetadataProperty {
  return isRecord(value) && typeof value.name === 'string';
}

function invalid(origin: string, path: string, expected: string): CredentialsError {
  return new CredentialsError('ERR_CREDENTIALS_FIELD_INVALID', `${origin}: "${path}" must be ${expected}`, { details: { origin, path } });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** JSON path step for a field: `.clientid`, or `["credential-type"]` for names that need quoting. */
export function member(field: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(field) ? `.${field}` : `[${JSON.stringify(field)}]`;
}
