import { AicoreMtlsError } from '../errors.ts';
import { addRepair, type TextRepair } from './repair.ts';

/** One `-----BEGIN …-----` … `-----END …-----` block, decoded. */
export interface PemBlock {
  /** The label between BEGIN and the dashes, such as `CERTIFICATE` or `RSA PRIVATE KEY`. */
  label: string;
  /** RFC 1421 headers such as `Proc-Type` and `DEK-Info`, present in traditional encrypted keys. */
  headers: Record<string, string>;
  der: Uint8Array;
  /** Position of the block in the text, counting from 1. */
  position: number;
}

export interface PemParseResult {
  blocks: PemBlock[];
  repairs: TextRepair[];
}

const beginPattern = /-----BEGIN ([A-Z0-9][A-Z0-9 ]*[A-Z0-9])-----/g;
const endPattern = /-----END ([A-Z0-9][A-Z0-9 ]*[A-Z0-9])-----/g;

export function hasPemMarker(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(text);
}

/**
 * Splits text into PEM blocks. Tolerates base64 bodies without line breaks or with spaces in
 * place of them, and other text around the blocks (all reported as repairs). Throws an
 * AicoreMtlsError for a block without END line, a mismatched END label or invalid base64.
 */
export function parsePem(text: string, origin: string, repairs: TextRepair[] = []): PemParseResult {
  const blocks: PemBlock[] = [];
  const junk: string[] = [];
  let cursor = 0;

  for (const begin of text.matchAll(beginPattern)) {
    const beginIndex = begin.index;
    if (beginIndex < cursor) continue;
    junk.push(text.slice(cursor, beginIndex));
    const label = begin[1]!;
    const position = blocks.length + 1;
    const bodyStart = beginIndex + begin[0].length;

    endPattern.lastIndex = bodyStart;
    const end = endPattern.exec(text);
    const nextBegin = text.indexOf('-----BEGIN ', bodyStart);
    if (end === null || (nextBegin !== -1 && nextBegin < end.index)) {
      throw new AicoreMtlsError('ERR_PEM_TRUNCATED', `${origin}: PEM block ${position} ("${label}") has no "-----END ${label}-----" line`, {
        fix: 'The file was cut off or two files were pasted into each other. Copy the block again, including its END line.',
        details: { origin, block: position, label },
      });
    }
    if (end[1] !== label) {
      throw new AicoreMtlsError('ERR_PEM_MISMATCHED_END', `${origin}: PEM block ${position} begins with "${label}" but ends with "${end[1]}"`, {
        fix: 'Parts of two PEM blocks were joined. Copy each block again from its source.',
        details: { origin, block: position, label, endLabel: end[1] },
      });
    }

    const body = text.slice(bodyStart, end.index);
    blocks.push(decodeBody(body, label, position, origin, repairs));
    cursor = end.index + end[0].length;
  }
  junk.push(text.slice(cursor));
  if (blocks.length === 0) {
    const stray = /-----END ([A-Z0-9 ]+)-----/.exec(text);
    if (stray) {
      throw new AicoreMtlsError('ERR_PEM_TRUNCATED', `${origin}: found "-----END ${stray[1]}-----" without its BEGIN line`, {
        fix: 'The start of the PEM block is missing. Copy the block again, including its BEGIN line.',
        details: { origin, label: stray[1] },
      });
    }
  }

  reportJunk(junk, repairs);
  return { blocks, repairs };
}

/** Encodes DER as a PEM block: 64-character lines, LF endings, optional RFC 1421 headers. */
export function encodePem(label: string, der: Uint8Array, headers: Record<string, string> = {}): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\n`);
  const separator = headerLines.length > 0 ? '\n' : '';
  return `-----BEGIN ${label}-----\n${headerLines.join('')}${separator}${lines.join('\n')}\n-----END ${label}-----\n`;
}

function decodeBody(body: string, label: string, position: number, origin: string, repairs: TextRepair[]): PemBlock {
  const hasLineBreaks = body.trim().includes('\n');
  const headers: Record<string, string> = {};
  let rest = body;
  for (;;) {
    const header = /^\s*([A-Za-z][A-Za-z0-9-]*):[ \t]*/.exec(rest);
    if (!header) break;
    rest = rest.slice(header[0].length);
    const lineEnd = rest.indexOf('\n');
    // Without line breaks the header value ends at the next space, because the base64 follows on the same line.
    const valueEnd = hasLineBreaks && lineEnd !== -1 ? lineEnd : rest.search(/\s|$/);
    headers[header[1]!] = rest.slice(0, valueEnd).trim();
    rest = rest.slice(valueEnd);
  }

  const base64 = rest.replace(/\s+/g, '');
  if (base64 === '') {
    throw new AicoreMtlsError('ERR_PEM_EMPTY', `${origin}: PEM block ${position} ("${label}") is empty`, {
      fix: 'Copy the block again from its source; the lines between BEGIN and END are missing.',
      details: { origin, block: position, label },
    });
  }
  const invalid = /[^A-Za-z0-9+/=]/.exec(base64);
  if (invalid || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) {
    const reason = invalid ? `the character "${invalid[0]}" is not base64` : 'its length or padding is wrong (truncated?)';
    throw new AicoreMtlsError('ERR_PEM_BASE64_INVALID', `${origin}: PEM block ${position} ("${label}") is not valid base64: ${reason}`, {
      fix: 'The block was damaged when it was copied. Copy it again from its source, or export the file again.',
      details: { origin, block: position, label },
    });
  }

  const inner = rest.trim();
  if (/[ \t]/.test(inner)) {
    addRepair(repairs, {
      code: 'BASE64_SPACES',
      message: 'read PEM base64 whose line breaks had been replaced by spaces (pasted through a single-line form field?)',
    });
  } else if (!hasLineBreaks && base64.length > 76) {
    addRepair(repairs, {
      code: 'BASE64_LINE_BREAKS_LOST',
      message: 'read PEM base64 written on one line without its line breaks (copied from a single-line field?)',
    });
  }
  return { label, headers, der: new Uint8Array(Buffer.from(base64, 'base64')), position };
}

function reportJunk(parts: string[], repairs: TextRepair[]): void {
  const ignored = parts.map((part) => part.trim()).filter((part) => part !== '');
  if (ignored.length === 0) return;
  const lines = ignored.reduce((count, part) => count + part.split('\n').length, 0);
  const hint = ignored.some((part) => part.includes('Bag Attributes'))
    ? ' ("Bag Attributes" lines from openssl pkcs12 output)'
    : ' (comments, a shell prompt or text copied along with the PEM?)';
  addRepair(repairs, {
    code: 'TEXT_AROUND_PEM',
    message: `ignored ${lines} line${lines === 1 ? '' : 's'} of other text before, between or after the PEM blocks${hint}`,
  });
}
