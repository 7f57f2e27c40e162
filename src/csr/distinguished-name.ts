import { nameAttributeNames } from '../x509/oids.ts';
import { CsrInputError } from './errors.ts';

/** One attribute of a relative distinguished name, for example `O=SAP SE`. */
export interface NameAttribute {
  /** Short name as written in RFC 4514 strings (`CN`, `O`), or the dotted OID when it has none. */
  type: string;
  oid: string;
  value: string;
}

/**
 * A distinguished name as a list of RDNs, each with one or more attributes, in RFC 4514 string
 * order: `CN=a, O=b, C=DE` is `[[CN], [O], [C]]`. The encoded SEQUENCE is the reverse (C first),
 * so the DN prints back as written by `openssl -nameopt RFC2253` and by `cert inspect`.
 */
export type DistinguishedName = NameAttribute[][];

interface AttributeSpec {
  oid: string;
  /** Upper bound in characters from RFC 5280 Appendix A (`ub-common-name` and friends). */
  maxLength: number;
  /** ASN.1 string type the value must be encoded as; `directory` picks PrintableString or UTF8String. */
  encoding: 'printable' | 'ia5' | 'directory';
}

const attributes: Record<string, AttributeSpec> = {
  CN: { oid: '2.5.4.3', maxLength: 64, encoding: 'directory' },
  SERIALNUMBER: { oid: '2.5.4.5', maxLength: 64, encoding: 'printable' },
  C: { oid: '2.5.4.6', maxLength: 2, encoding: 'printable' },
  L: { oid: '2.5.4.7', maxLength: 128, encoding: 'directory' },
  ST: { oid: '2.5.4.8', maxLength: 128, encoding: 'directory' },
  STREET: { oid: '2.5.4.9', maxLength: 128, encoding: 'directory' },
  O: { oid: '2.5.4.10', maxLength: 64, encoding: 'directory' },
  OU: { oid: '2.5.4.11', maxLength: 64, encoding: 'directory' },
  T: { oid: '2.5.4.12', maxLength: 64, encoding: 'directory' },
  SN: { oid: '2.5.4.4', maxLength: 64, encoding: 'directory' },
  GN: { oid: '2.5.4.42', maxLength: 64, encoding: 'directory' },
  DC: { oid: '0.9.2342.19200300.100.1.25', maxLength: 63, encoding: 'ia5' },
  UID: { oid: '0.9.2342.19200300.100.1.1', maxLength: 256, encoding: 'directory' },
  E: { oid: '1.2.840.113549.1.9.1', maxLength: 255, encoding: 'ia5' },
};

const aliases: Record<string, string> = { EMAILADDRESS: 'E', TITLE: 'T', G: 'GN', S: 'ST', GIVENNAME: 'GN', SURNAME: 'SN' };

export const commonNameOid = attributes['CN']!.oid;
export const commonNameMaxLength = attributes['CN']!.maxLength;

/** Characters ASN.1 PrintableString allows (X.680 §41.4). */
const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
const controlCharacter = /[\u0000-\u001f\u007f]/;

/**
 * Parses an RFC 4514 string such as `CN=client, OU=Basis, O=Example\, Inc., C=DE`.
 * Accepts the keywords above (case-insensitive) and dotted OIDs, `+` for multi-valued RDNs,
 * backslash escapes (`\,` and `\2C`) and optional spaces after separators. Rejects hex-encoded
 * values (`#04...`), unescaped special characters and empty values, naming the offending part.
 */
export function parseDistinguishedName(text: string): DistinguishedName {
  if (text.trim() === '') throw subjectError(text, 'it is empty');
  const rdns: DistinguishedName = [[]];
  let index = 0;

  while (index < text.length) {
    index = skipSpaces(text, index);
    const equals = text.indexOf('=', index);
    if (equals < 0) throw subjectError(text, `"${text.slice(index)}" has no "=" between attribute type and value`);
    const type = text.slice(index, equals).trim();
    const value = readValue(text, equals + 1);
    rdns[rdns.length - 1]!.push(checkAttribute(text, type, value.value));

    index = value.end;
    if (index >= text.length) break;
    const separator = text[index];
    index += 1;
    if (separator === ',') rdns.push([]);
    if (skipSpaces(text, index) >= text.length) throw subjectError(text, `it ends with "${separator}"`);
  }
  return rdns;
}

function skipSpaces(text: string, index: number): number {
  let cursor = index;
  while (text[cursor] === ' ') cursor += 1;
  return cursor;
}

/** Reads one attribute value up to an unescaped `,` or `+`, decoding escapes. */
function readValue(text: string, start: number): { value: string; end: number } {
  let cursor = skipSpaces(text, start);
  if (text[cursor] === '#') {
    throw subjectError(text, 'hex-encoded attribute values ("#...") are not supported; write the value as text');
  }
  const bytes: number[] = [];
  let trailingSpaces = 0;
  const encoder = new TextEncoder();

  while (cursor < text.length) {
    const character = text[cursor]!;
    if (character === ',' || character === '+') break;
    if (character === '\\') {
      const pair = text.slice(cursor + 1, cursor + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(pair)) {
        bytes.push(Number.parseInt(pair, 16));
        cursor += 3;
      } else if (cursor + 1 < text.length) {
        bytes.push(...encoder.encode(text[cursor + 1]!));
        cursor += 2;
      } else {
        throw subjectError(text, 'it ends with a lone backslash');
      }
      trailingSpaces = 0;
      continue;
    }
    if ('"<>;='.includes(character)) {
      throw subjectError(text, `the character '${character}' at position ${cursor + 1} must be escaped as "\\${character}"`);
    }
    trailingSpaces = character === ' ' ? trailingSpaces + 1 : 0;
    const codePoint = text.codePointAt(cursor)!;
    const symbol = String.fromCodePoint(codePoint);
    bytes.push(...encoder.encode(symbol));
    cursor += symbol.length;
  }

  // Unescaped spaces before a separator are layout, not part of the value (RFC 4514 §2.4 requires
  // escaping significant trailing spaces).
  const valueBytes = new Uint8Array(bytes.slice(0, bytes.length - trailingSpaces));
  try {
    return { value: new TextDecoder('utf-8', { fatal: true }).decode(valueBytes), end: cursor };
  } catch {
    throw subjectError(text, 'the hex escapes (\\XX) of a value are not valid UTF-8');
  }
}

function checkAttribute(text: string, rawType: string, value: string): NameAttribute {
  const keyword = rawType.toUpperCase();
  const name = aliases[keyword] ?? keyword;
  const spec = attributes[name];
  const isOid = /^\d+(\.\d+)+$/.test(rawType);
  if (spec === undefined && !isOid) {
    throw subjectError(text, `the attribute type "${rawType}" is unknown`, {
      fix: `Use one of ${Object.keys(attributes).join(', ')}, or a dotted OID such as 2.5.4.3.`,
    });
  }
  if (value === '') throw subjectError(text, `the value of ${rawType} is empty`);
  if (controlCharacter.test(value)) throw subjectError(text, `the value of ${rawType} contains a control character`);

  if (spec !== undefined) {
    if (name === 'C' && !/^[A-Za-z]{2}$/.test(value)) {
      throw subjectError(text, `C must be a two-letter country code such as DE, not "${value}"`);
    }
    if ([...value].length > spec.maxLength) {
      throw subjectError(text, `the value of ${name} has ${[...value].length} characters; at most ${spec.maxLength} are allowed (RFC 5280)`);
    }
    if (spec.encoding === 'printable' && !printable.test(value)) {
      throw subjectError(text, `the value of ${name} may contain only letters, digits, spaces and ' ( ) + , - . / : = ?`);
    }
    if (spec.encoding === 'ia5' && !/^[\x20-\x7e]*$/.test(value)) {
      throw subjectError(text, `the value of ${name} must be ASCII`);
    }
  }
  const oid = spec === undefined ? rawType : spec.oid;
  return { type: nameAttributeNames[oid] ?? rawType, oid, value: name === 'C' ? value.toUpperCase() : value };
}

/** Formats a name as an RFC 4514 string (no spaces after commas), escaping special characters. */
export function formatDistinguishedName(name: DistinguishedName): string {
  return name.map((rdn) => rdn.map((attribute) => `${attribute.type}=${escapeValue(attribute.value)}`).join('+')).join(',');
}

function escapeValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (character) => `\\${character}`)
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');
}

/** ASN.1 string type for one attribute value, for @peculiar/x509's JSON name form. */
export function valueEncoding(attribute: NameAttribute): 'printableString' | 'ia5String' | 'utf8String' {
  const spec = Object.values(attributes).find((candidate) => candidate.oid === attribute.oid);
  if (spec?.encoding === 'ia5') return 'ia5String';
  if (spec?.encoding === 'printable') return 'printableString';
  return printable.test(attribute.value) ? 'printableString' : 'utf8String';
}

function subjectError(text: string, problem: string, options: { fix?: string } = {}): CsrInputError {
  return new CsrInputError('ERR_CSR_SUBJECT_INVALID', `invalid --subject "${text}": ${problem}`, {
    fix: options.fix ?? 'Write the subject as an RFC 4514 DN, for example "CN=my-client, OU=Basis, O=Example, C=DE"; escape "," and "+" inside values with a backslash.',
    details: { subject: text },
  });
}
