import { AicoreMtlsError } from '../errors.ts';
import { decodeBase64Text } from '../text/base64.ts';
import { decodeText } from '../text/decode.ts';
import { normalizeLineEndings, unescapeLiteralNewlines } from '../text/normalize.ts';
import { hasPemMarker } from '../text/pem.ts';
import { addRepair, type TextRepair } from '../text/repair.ts';
import { readDerMaterial, sniffBinary } from './binary.ts';
import { maxNestingDepth, type ReadContext } from './context.ts';
import { readJsonMaterial } from './json.ts';
import { readPemMaterial } from './pem.ts';
import { readPkcs12Material } from './pkcs12.ts';
import type { Material } from './types.ts';

/**
 * Reads one input of any supported form. The form is decided from the bytes alone:
 * binary PKCS#12 or DER first, then text as JSON, PEM or headerless base64.
 */
export async function readBytes(bytes: Uint8Array, origin: string, context: ReadContext): Promise<Material> {
  if (context.depth > maxNestingDepth) {
    throw new AicoreMtlsError('ERR_MATERIAL_NESTING', `${origin}: the input is wrapped in more than ${maxNestingDepth} layers of encoding`, {
      fix: 'Decode the content by hand once and give the result.',
      details: { origin },
    });
  }
  if (bytes.length === 0 || bytes.every((byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09)) {
    throw new AicoreMtlsError('ERR_MATERIAL_EMPTY', `${origin} is empty`, {
      fix: 'Give the file that contains the certificate or key; check that the download or copy worked.',
      details: { origin },
    });
  }

  const kind = sniffBinary(bytes);
  if (kind === 'pkcs12') return readPkcs12Material(bytes, origin, context);
  if (kind === 'java-keystore') {
    throw new AicoreMtlsError('ERR_JAVA_KEYSTORE', `${origin} is a Java keystore (JKS or JCEKS), which this tool does not read`, {
      fix: 'Convert it to PKCS#12 first: keytool -importkeystore -srckeystore FILE -destkeystore out.p12 -deststoretype PKCS12',
      details: { origin },
    });
  }

  const decoded = decodeText(bytes) ?? decodeLatin1Pem(bytes);
  // DER always contains control bytes, so it never decodes as text. Text that starts with "0" (0x30) does.
  if (kind === 'der' && decoded === undefined) return readDerMaterial(bytes, origin, context);
  if (decoded === undefined && containsAscii(bytes, '-----BEGIN ')) {
    const offset = bytes.findIndex((byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d);
    const where = offset === -1 ? 'a byte sequence that is not valid UTF-8' : `the control byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at byte ${offset}`;
    throw new AicoreMtlsError('ERR_TEXT_INVALID', `${origin} looks like a PEM file but contains ${where}`, {
      fix: 'The file was damaged in transfer or by an editor. Copy or export it again.',
      details: { origin, offset },
    });
  }
  if (decoded === undefined) {
    throw new AicoreMtlsError('ERR_MATERIAL_UNRECOGNIZED', `${origin} is binary data that is neither DER, PKCS#12 nor text`, {
      fix: 'Give a PEM, DER or PKCS#12 file. A file that was transferred or edited as text may be damaged; copy it again.',
      details: { origin, size: bytes.length, firstByte: bytes[0] },
    });
  }

  const repairs = [...decoded.repairs];
  const text = normalizeLineEndings(decoded.text, repairs).text;
  return readText(stripHttpHeaders(text, repairs), origin, repairs, context);
}

async function readText(text: string, origin: string, repairs: TextRepair[], context: ReadContext): Promise<Material> {
  const trimmed = text.trim();
  if (/^[[{"]/.test(trimmed)) {
    const json = parseJson(trimmed, origin);
    if (json.ok) {
      if (typeof json.value === 'string') {
        addRepair(repairs, { code: 'QUOTED_STRING', message: 'decoded a JSON string literal around the content (copied with its quotes?)' });
      }
      const material = await readJsonMaterial(json.value, origin, context, readNestedBytes);
      if (material === undefined) throw jsonWithoutMaterial(json.value, origin);
      return { ...material, repairs: [...repairs, ...material.repairs] };
    }
    if (!hasPemMarker(trimmed)) throw json.error;
  }

  let pemText = text;
  if (trimmed.includes('\\')) pemText = unescapeLiteralNewlines(text, repairs).text;
  if (hasPemMarker(pemText)) return readPemMaterial(pemText, origin, repairs, context);

  const base64 = decodeBase64Text(pemText, repairs);
  if (base64 !== undefined) return readBase64Material(base64, origin, repairs, context);

  throw new AicoreMtlsError('ERR_MATERIAL_UNRECOGNIZED', `${origin} is text, but neither PEM ("-----BEGIN …-----"), JSON nor base64`, {
    fix: 'Give a PEM file, a DER or PKCS#12 file, a Destination certificate object or a service key JSON.',
    details: { origin, characters: text.length },
  });
}

/** Headerless base64: of a DER certificate (`base64-der`), or a base64 layer around PKCS#12, PEM or JSON. */
async function readBase64Material(bytes: Uint8Array, origin: string, repairs: TextRepair[], context: ReadContext): Promise<Material> {
  const kind = sniffBinary(bytes);
  let inner: Material;
  try {
    inner = await readBytes(bytes, `base64 content of ${origin}`, { ...context, depth: context.depth + 1 });
  } catch (error) {
    if (!(error instanceof AicoreMtlsError) || (error.code !== 'ERR_MATERIAL_UNRECOGNIZED' && error.code !== 'ERR_DER_INVALID')) throw error;
    throw new AicoreMtlsError('ERR_MATERIAL_UNRECOGNIZED', `${origin} is text that decodes as base64, but the decoded bytes are no certificate, key or keystore (${error.message})`, {
      cause: error,
      fix: 'Give a PEM, DER or PKCS#12 file, or the base64 of one of them.',
      details: { origin },
    });
  }
  if (kind === 'der' && inner.format === 'der') {
    return { ...inner, format: 'base64-der', repairs: [...repairs, ...inner.repairs] };
  }
  addRepair(repairs, {
    code: 'BASE64_LAYER',
    message: `decoded a base64 layer around ${inner.format === 'pkcs12' ? 'PKCS#12' : inner.format.toUpperCase()} data (the Content field of a Destination certificate copied alone?)`,
  });
  return { ...inner, repairs: [...repairs, ...inner.repairs] };
}

/** Reads the content of a JSON field or a Destination object; its repairs name where they apply. */
async function readNestedBytes(bytes: Uint8Array, origin: string, context: ReadContext): Promise<Material> {
  const material = await readBytes(bytes, origin, context);
  return {
    ...material,
    repairs: material.repairs.map((repair) => (repair.message.startsWith(origin) ? repair : { ...repair, message: `${origin}: ${repair.message}` })),
  };
}

/** `curl -i` output: a status line and headers before the body. */
function stripHttpHeaders(text: string, repairs: TextRepair[]): string {
  if (!/^HTTP\/\d(?:\.\d)? \d{3}/.test(text)) return text;
  const bodyStart = text.indexOf('\n\n');
  if (bodyStart === -1) return text;
  addRepair(repairs, { code: 'HTTP_HEADERS', message: 'skipped an HTTP status line and headers before the body (saved with "curl -i"?)' });
  return text.slice(bodyStart + 2);
}

function parseJson(text: string, origin: string): { ok: true; value: unknown } | { ok: false; error: AicoreMtlsError } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      error: new AicoreMtlsError('ERR_JSON_INVALID', `${origin} looks like JSON but cannot be parsed: ${(error as Error).message}`, {
        cause: error,
        fix: 'Check the file for a missing quote, comma or brace; save it again from its source (btp or cf CLI, cockpit).',
        details: { origin },
      }),
    };
  }
}

function jsonWithoutMaterial(value: unknown, origin: string): AicoreMtlsError {
  const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value).slice(0, 12) : [];
  const seen = fields.length > 0 ? ` (top-level fields: ${fields.join(', ')})` : Array.isArray(value) ? ' (an array of other objects)' : '';
  return new AicoreMtlsError('ERR_JSON_NO_MATERIAL', `${origin} is JSON but contains neither a Destination certificate object ("Name", "Content") nor a service key with "certificate" and "key"${seen}`, {
    fix: 'Give the Destination certificate response, the service key or binding JSON, or the PEM file itself.',
    details: { origin, fields },
  });
}

/**
 * Reads a PEM file whose surrounding text is not UTF-8 (comments saved in a Windows code page)
 * as Latin-1. PEM itself is ASCII, so only the ignored text can change. Control bytes still
 * make the input binary.
 */
function decodeLatin1Pem(bytes: Uint8Array): { text: string; repairs: TextRepair[] } | undefined {
  if (!containsAscii(bytes, '-----BEGIN ')) return undefined;
  if (bytes.some((byte) => (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f)) return undefined;
  return {
    text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'),
    repairs: [{ code: 'NOT_UTF8', message: 'read text that is not valid UTF-8 as Latin-1 (comments saved in a Windows code page?)' }],
  };
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text, 0, 'latin1');
}
