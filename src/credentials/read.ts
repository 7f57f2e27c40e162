import { readFile } from 'node:fs/promises';

import { InputFormatError, NotFoundError } from '../errors.ts';
import { decodeText } from '../text/decode.ts';
import { normalizeLineEndings } from '../text/normalize.ts';
import { addRepair, type TextRepair } from '../text/repair.ts';
import { CredentialsError } from './errors.ts';
import { locateJsonError } from './json-position.ts';
import { detectServiceKind, normalizeCandidate, serviceNames } from './normalize.ts';
import { findCandidates, serviceLabels, type CredentialsCandidate } from './shapes.ts';
import type { CredentialShape, CredentialsOptions, CredentialsSource, ServiceCredentials } from './types.ts';
import { parseYamlSecret } from './yaml-secret.ts';

/**
 * Reads credentials from a file in any of the shapes users have: a service key, binding JSON,
 * `cf service-key` output (with its "Getting key …" preamble), VCAP_SERVICES, btp CLI JSON,
 * or a Kubernetes secret (JSON or YAML). UTF-8 with BOM, UTF-16 and CRLF are accepted and
 * reported in `repairs`.
 */
export async function readCredentialsFile(path: string, options: CredentialsOptions = {}): Promise<ServiceCredentials> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') {
      throw new NotFoundError(`credentials file "${path}" does not exist`, { cause: error, details: { path } });
    }
    throw new InputFormatError(`credentials file "${path}" cannot be read: ${(error as Error).message}`, { cause: error, details: { path } });
  }
  return parseCredentials(bytes, path, { ...options, sourceKind: 'file' });
}

export interface ParseCredentialsOptions extends CredentialsOptions {
  /** Kind of `source`, which decides how messages name it: a file path, an environment variable, or free text. */
  sourceKind?: 'file' | 'environment' | 'text';
}

/** Parses credentials from text or bytes; `source` names them in messages and origins. */
export function parseCredentials(input: string | Uint8Array, source: string, options: ParseCredentialsOptions = {}): ServiceCredentials {
  const repairs: TextRepair[] = [];
  const text = decodeInput(input, source, repairs);
  const { json, shape, lineOffset } = locateDocument(text, source, repairs);

  let candidates: CredentialsCandidate[];
  if (shape === 'kubernetes-secret-yaml') {
    const secret = parseYamlSecret(json, describeSource(source, options.sourceKind));
    const lines = secret.lines;
    candidates = findCandidates(
      { kind: secret.kind ?? 'Secret', apiVersion: 'v1', metadata: { name: secret.name }, data: secret.data, stringData: secret.stringData },
      describeSource(source, options.sourceKind),
      shape,
    ).map((candidate) => ({
      ...candidate,
      paths: Object.fromEntries(Object.entries(candidate.paths).map(([field, path]) => [field, addLine(path, lines)])),
    }));
  } else {
    candidates = findCandidates(parseJson(json, source, options.sourceKind, lineOffset), describeSource(source, options.sourceKind), shape);
  }
  return choose(candidates, source, shape, options, repairs);
}

/**
 * Parses an already-decoded credentials object, such as the `credentials` of a Service
 * Manager binding. `source` describes where it came from, e.g. `binding "aicore-mtls"`.
 */
export function credentialsFromObject(value: unknown, source: string, options: CredentialsOptions = {}): ServiceCredentials {
  const candidates = findCandidates(value, source);
  return choose(candidates, source, 'service-key', { ...options, sourceKind: 'text' }, []);
}

function decodeInput(input: string | Uint8Array, source: string, repairs: TextRepair[]): string {
  let text: string;
  if (typeof input === 'string') {
    text = input;
    if (text.startsWith('\ufeff')) {
      text = text.slice(1);
      addRepair(repairs, { code: 'UTF8_BOM', message: 'removed a byte order mark at the start of the text' });
    }
  } else {
    const decoded = decodeText(input);
    if (!decoded) {
      throw new InputFormatError(`${source} is not a text file; credentials are JSON (or a YAML Kubernetes secret)`, {
        fix: 'Give the service key JSON file. A certificate or PKCS#12 file goes to the certificate options instead.',
        details: { source },
      });
    }
    text = decoded.text;
    for (const repair of decoded.repairs) addRepair(repairs, repair);
  }
  return normalizeLineEndings(text, repairs).text;
}

interface LocatedDocument {
  json: string;
  shape: CredentialShape;
  /** Lines removed before `json`, so that error positions refer to the original text. */
  lineOffset: number;
}

/** Finds the JSON document in the text, skipping the cf CLI preamble, or recognises a YAML secret. */
function locateDocument(text: string, source: string, repairs: TextRepair[]): LocatedDocument {
  let trimmed = text.trim();
  // .env loaders differ in stripping quotes around a multi-line value.
  if (/^'[[{][\s\S]*[\]}]'$/.test(trimmed)) {
    trimmed = trimmed.slice(1, -1);
    addRepair(repairs, { code: 'QUOTED_JSON', message: 'removed single quotes around the JSON (left by a .env loader?)' });
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return { json: trimmed, shape: 'service-key', lineOffset: leadingLines(text) };

  const lines = text.split('\n');
  const firstJsonLine = lines.findIndex((line) => /^\s*[{[]/.test(line));
  const preamble = lines.slice(0, Math.max(firstJsonLine, 0)).join('\n');
  if (firstJsonLine > 0 && /getting (key|service key)|^\s*ok\s*$/im.test(preamble)) {
    return { json: lines.slice(firstJsonLine).join('\n').trim(), shape: 'cf-service-key', lineOffset: firstJsonLine };
  }
  if (/^(apiVersion|kind|data|stringData|metadata)\s*:/m.test(text)) return { json: text, shape: 'kubernetes-secret-yaml', lineOffset: 0 };
  if (trimmed === '') {
    throw new CredentialsError('ERR_CREDENTIALS_JSON', `${source} is empty`, { fix: 'Give the service key JSON.', details: { source } });
  }
  throw new CredentialsError('ERR_CREDENTIALS_JSON', `${source} does not contain JSON credentials (the text does not start with "{")`, {
    fix: 'Give the service key JSON as shown by "cf service-key INSTANCE KEY", the BTP cockpit or "btp get services/binding".',
    details: { source },
  });
}

function leadingLines(text: string): number {
  const match = /^\s*/.exec(text)?.[0] ?? '';
  return match.split('\n').length - 1;
}

function parseJson(json: string, source: string, sourceKind: ParseCredentialsOptions['sourceKind'], lineOffset: number): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    // JSON.parse's message quotes the input, which may contain a client secret, so it is dropped.
    const location = locateJsonError(json);
    const line = (location?.line ?? 1) + lineOffset;
    const column = location?.column ?? 1;
    throw new CredentialsError(
      'ERR_CREDENTIALS_JSON',
      `${describeSource(source, sourceKind)} is not valid JSON: line ${line}, column ${column}: ${location?.problem ?? 'syntax error'}`,
      {
        fix:
          sourceKind === 'environment'
            ? `Check the value of ${source}. A service key spread over several lines in a .env file is read differently by different loaders; put it on one line or use a service key file instead.`
            : 'Fix the JSON at that position, or copy the service key again from its source.',
        details: { source, line, column },
      },
    );
  }
}

function choose(
  candidates: CredentialsCandidate[],
  source: string,
  shape: CredentialShape,
  options: ParseCredentialsOptions,
  repairs: TextRepair[],
): ServiceCredentials {
  const described = describeSource(source, options.sourceKind);
  if (candidates.length === 0) {
    throw new CredentialsError('ERR_CREDENTIALS_SHAPE', `${described} contains no service credentials (no object with "clientid")`, {
      fix: 'Give a service key, binding JSON, VCAP_SERVICES or a Kubernetes secret of the binding.',
      details: { source },
    });
  }

  let selected = candidates;
  if (options.instanceName !== undefined) {
    selected = selected.filter((candidate) => candidate.instanceName === options.instanceName);
  } else if (options.service !== undefined && candidates.length > 1) {
    const label = serviceLabels[options.service];
    const service = options.service;
    selected = selected.filter((candidate) => candidate.label === label || (candidate.label === 'user-provided' && detectServiceKind(candidate.values) === service));
  }
  const listing = candidates.map((candidate) => `${candidate.instanceName ?? '(unnamed)'}${candidate.label ? ` (${candidate.label})` : ''}`).join(', ');
  if (selected.length === 0) {
    const wanted = options.instanceName !== undefined ? `instance "${options.instanceName}"` : `a ${serviceNames[options.service!]} binding`;
    throw new CredentialsError('ERR_CREDENTIALS_NOT_FOUND', `${described} has no credentials for ${wanted}; found: ${listing}`, {
      fix: 'Choose one of the instances listed.',
      details: { source, available: candidates.map((candidate) => ({ name: candidate.instanceName, label: candidate.label })) },
    });
  }
  if (selected.length > 1) {
    throw new CredentialsError('ERR_CREDENTIALS_AMBIGUOUS', `${described} has ${selected.length} sets of credentials: ${listing}`, {
      fix: 'Name the service instance to use.',
      details: { source, available: selected.map((candidate) => ({ name: candidate.instanceName, label: candidate.label })) },
    });
  }

  const candidate = selected[0]!;
  const credentialsSource: CredentialsSource = {
    description: describeCandidate(described, candidate),
    shape: candidate.shape === 'service-key' ? shape : candidate.shape,
    source,
    ...(candidate.instanceName ? { instanceName: candidate.instanceName } : {}),
    ...(candidate.label ? { label: candidate.label } : {}),
    ...(candidate.plan ? { plan: candidate.plan } : {}),
  };
  return normalizeCandidate(candidate, credentialsSource, options, repairs);
}

function describeSource(source: string, kind: ParseCredentialsOptions['sourceKind']): string {
  if (kind === 'file') return `credentials file "${source}"`;
  if (kind === 'environment') return `environment variable ${source}`;
  return source;
}

function describeCandidate(described: string, candidate: CredentialsCandidate): string {
  if (candidate.shape === 'vcap-services') return `${described}, entry "${candidate.instanceName ?? candidate.location}"${candidate.label ? ` (${candidate.label})` : ''}`;
  if (candidate.shape.startsWith('kubernetes-secret')) return `${described} (${candidate.location})`;
  return described;
}

function addLine(path: string, lines: Record<string, number>): string {
  const key = path.split(' → ')[0]!;
  const line = lines[key];
  return line === undefined ? path : `${path} (line ${line})`;
}
