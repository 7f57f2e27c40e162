import { AicoreMtlsError } from '../errors.ts';
import { decodeBase64Field } from '../text/base64.ts';
import type { ReadContext } from './context.ts';
import type { Material } from './types.ts';

/** Reads nested content (base64 bytes or text) with the reader that dispatches on format. */
export type NestedReader = (bytes: Uint8Array, origin: string, context: ReadContext) => Promise<Material>;

/**
 * Reads parsed JSON. Accepted are a Destination service certificate object
 * (`{"Name","Type","Content"}` or a `PublicKey` object with `Content`) or an array of them, a
 * service key or binding with `certificate` and `key` fields (also under `credentials` or in
 * VCAP_SERVICES form), and a JSON string that contains a PEM.
 */
export async function readJsonMaterial(value: unknown, origin: string, context: ReadContext, readNested: NestedReader): Promise<Material | undefined> {
  const nested = { ...context, depth: context.depth + 1 };

  if (typeof value === 'string') return readNested(new TextEncoder().encode(value), `the JSON string in ${origin}`, nested);

  if (Array.isArray(value)) {
    if (value.length === 0) throw empty(origin, 'an empty JSON array (a Destination certificate list with no certificates?)');
    if (!value.every(isDestinationObject)) return undefined;
    const parts: Material[] = [];
    for (const [index, entry] of value.entries()) parts.push(await readDestinationObject(entry, `${origin} [${index}]`, nested, readNested));
    return mergeMaterials('destination-certificate', parts);
  }

  if (!isRecord(value)) return undefined;
  if (typeof value.ErrorMessage === 'string') {
    throw new AicoreMtlsError('ERR_DESTINATION_ERROR_BODY', `${origin} contains a Destination service error response, not a certificate: "${value.ErrorMessage.slice(0, 200)}"`, {
      fix: 'Fetch the certificate again and check the certificate name and the access token.',
      details: { origin },
    });
  }
  if (isDestinationObject(value)) return readDestinationObject(value, origin, nested, readNested);

  const credentials = findCredentials(value, '');
  if (credentials === undefined) return undefined;
  const parts: Material[] = [];
  for (const field of ['certificate', 'key'] as const) {
    const fieldValue = credentials.object[field];
    if (typeof fieldValue !== 'string' || fieldValue.trim() === '') continue;
    parts.push(await readNested(new TextEncoder().encode(fieldValue), `field "${credentials.path}${field}" of ${origin}`, nested));
  }
  return mergeMaterials('service-key', parts);
}

type DestinationObject = Record<string, unknown> & { Content: string };

function isDestinationObject(value: unknown): value is DestinationObject {
  if (!isRecord(value) || typeof value.Content !== 'string') return false;
  return typeof value.Name === 'string' || 'Type' in value || typeof value.SubjectDN === 'string' || typeof value.Alias === 'string';
}

async function readDestinationObject(object: DestinationObject, origin: string, context: ReadContext, readNested: NestedReader): Promise<Material> {
  let name: string | undefined;
  if (typeof object.Name === 'string') name = object.Name;
  else if (typeof object.Alias === 'string') name = object.Alias;
  const where = `Content of ${name === undefined ? 'the certificate object' : `"${name}"`} in ${origin}`;
  if (object.Content.trim() === '') throw empty(origin, `a Destination certificate object${name ? ` "${name}"` : ''} with an empty Content`);

  // PublicKey objects carry plain PEM in Content although the API schema specifies base64, so both are read.
  const bytes = object.Content.includes('-----BEGIN') ? new TextEncoder().encode(object.Content) : decodeBase64Field(object.Content);
  if (bytes === undefined) {
    throw new AicoreMtlsError('ERR_DESTINATION_CONTENT_INVALID', `${where} is neither base64 nor PEM`, {
      fix: 'The Content field must hold the base64 of the certificate file. Fetch the certificate again from the Destination service.',
      details: { origin, name },
    });
  }
  const material = await readNested(bytes, where, context);
  const warnings = name === undefined ? [] : extensionWarnings(name, material);
  return { ...material, format: 'destination-certificate', warnings: [...material.warnings, ...warnings] };
}

/** SAP's consumers pick the format by the extension in Name, so a mismatch breaks them even though this reader copes. */
function extensionWarnings(name: string, material: Material): string[] {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  const isPkcs12 = material.pkcs12 !== undefined;
  if ((extension === 'p12' || extension === 'pfx') && !isPkcs12) {
    return [`the Destination certificate "${name}" is named like PKCS#12 but its Content is ${material.format === 'der' ? 'DER' : 'PEM'}; SAP consumers choose the parser by the extension and will fail`];
  }
  if ((extension === 'pem' || extension === 'crt' || extension === 'cer') && isPkcs12) {
    return [`the Destination certificate "${name}" is named like PEM but its Content is PKCS#12; SAP consumers choose the parser by the extension and will fail`];
  }
  return [];
}

interface FoundCredentials {
  object: Record<string, unknown>;
  /** Dotted path to the object with a trailing dot, or '' at the top. */
  path: string;
}

/** Finds the object holding `certificate` or `key`: the top level, `credentials`, `x509`, or VCAP_SERVICES-style arrays. */
function findCredentials(object: Record<string, unknown>, path: string, depth = 0): FoundCredentials | undefined {
  if (hasPemField(object, 'certificate') || hasPemField(object, 'key')) return { object, path };
  if (depth >= 4) return undefined;
  for (const [name, child] of Object.entries(object)) {
    const entries = Array.isArray(child) ? child.map((item, index) => [`${name}[${index}]`, item] as const) : [[name, child] as const];
    for (const [childPath, item] of entries) {
      if (!isRecord(item)) continue;
      const found = findCredentials(item, `${path}${childPath}.`, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function hasPemField(object: Record<string, unknown>, field: string): boolean {
  const value = object[field];
  return typeof value === 'string' && value.trim() !== '';
}

/** Combines the materials of several nested inputs; the repairs name the input they come from. */
export function mergeMaterials(format: Material['format'], parts: Material[]): Material {
  const merged: Material = { format, certificates: [], privateKeys: [], repairs: [], warnings: [] };
  for (const part of parts) {
    merged.certificates.push(...part.certificates);
    merged.privateKeys.push(...part.privateKeys);
    for (const repair of part.repairs) {
      if (!merged.repairs.some((existing) => existing.code === repair.code && existing.message === repair.message)) merged.repairs.push(repair);
    }
    merged.warnings.push(...part.warnings);
    if (part.pkcs12) merged.pkcs12 ??= part.pkcs12;
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function empty(origin: string, what: string): AicoreMtlsError {
  return new AicoreMtlsError('ERR_MATERIAL_EMPTY', `${origin} contains ${what}`, {
    fix: 'Give a file that contains the certificate, its chain or its private key.',
    details: { origin },
  });
}
