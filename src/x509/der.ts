/**
 * A small DER reader for the few structures the certificate reader needs (certificate fields,
 * names, extensions, key containers). It replaces asn1js and @peculiar/asn1-* on the start-up
 * path of `cert inspect`: loading those costs 30–70 ms, this file nothing measurable.
 *
 * Only definite lengths are accepted (DER); callers that may meet BER (PKCS#12) sniff the
 * outer bytes themselves and leave the parsing to the PKCS#12 module.
 */

export class DerError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'DerError';
    this.offset = offset;
  }
}

/** One TLV element. `contents` is a view into the input, not a copy. */
export interface DerNode {
  /** The identifier octet: class, constructed bit and tag number (tag numbers above 30 are rejected). */
  tag: number;
  constructed: boolean;
  /** Offset of the identifier octet in the input. */
  start: number;
  /** Offset just past the element. */
  end: number;
  contents: Uint8Array;
  /** The whole element, identifier and length included. */
  encoded: Uint8Array;
}

export const derTag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  universalString: 0x1c,
  bmpString: 0x1e,
  numericString: 0x12,
  visibleString: 0x1a,
} as const;

/** Reads the element that starts at `offset`. Throws DerError when it does not fit. */
export function readDer(bytes: Uint8Array, offset = 0, limit = bytes.length): DerNode {
  if (offset >= limit) throw new DerError('expected a DER element, found the end of the data', offset);
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tag numbers are not supported', offset);

  let cursor = offset + 1;
  if (cursor >= limit) throw new DerError('length missing', cursor);
  const first = bytes[cursor]!;
  cursor += 1;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else if (first === 0x80) {
    throw new DerError('indefinite length (BER) is not DER', cursor - 1);
  } else {
    const count = first & 0x7f;
    if (count > 4) throw new DerError('length field too long', cursor - 1);
    if (cursor + count > limit) throw new DerError('length field truncated', cursor);
    length = 0;
    for (let index = 0; index < count; index += 1) length = length * 256 + bytes[cursor + index]!;
    cursor += count;
  }
  const end = cursor + length;
  if (end > limit) throw new DerError(`element of ${length} bytes is truncated`, offset);

  return {
    tag,
    constructed: (tag & 0x20) !== 0,
    start: offset,
    end,
    contents: bytes.subarray(cursor, end),
    encoded: bytes.subarray(offset, end),
  };
}

/** Reads an element that must fill `bytes` exactly. */
export function readDerExact(bytes: Uint8Array): DerNode {
  const node = readDer(bytes, 0);
  if (node.end !== bytes.length) throw new DerError(`${bytes.length - node.end} bytes after the end of the element`, node.end);
  return node;
}

/** Returns the child elements of a constructed element. */
export function derChildren(node: DerNode): DerNode[] {
  if (!node.constructed) throw new DerError('expected a constructed element', node.start);
  const children: DerNode[] = [];
  const contents = node.contents;
  let offset = 0;
  while (offset < contents.length) {
    const child = readDer(contents, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** Asserts the tag of a node and returns it, for readable parsing code. */
export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (node === undefined) throw new DerError(`${what} missing`, 0);
  if (node.tag !== tag) {
    throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`, node.start);
  }
  return node;
}

export function decodeOid(contents: Uint8Array): string {
  if (contents.length === 0) throw new DerError('empty object identifier', 0);
  const parts: number[] = [];
  let value = 0;
  for (let index = 0; index < contents.length; index += 1) {
    const byte = contents[index]!;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    } else if (index === contents.length - 1) {
      throw new DerError('object identifier truncated', index);
    }
  }
  return parts.join('.');
}

/** Decodes UTCTime (years 1950–2049 per RFC 5280) and GeneralizedTime in the forms certificates use. */
export function decodeTime(node: DerNode): Date {
  const text = latin1(node.contents);
  const match =
    node.tag === derTag.utcTime
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text)
      : node.tag === derTag.generalizedTime
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(text)
        : null;
  if (!match) throw new DerError(`unsupported time value "${text}"`, node.start);
  let year = Number(match[1]);
  if (node.tag === derTag.utcTime) year += year < 50 ? 2000 : 1900;
  const time = Date.UTC(year, Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6] ?? 0));
  if (Number.isNaN(time)) throw new DerError(`invalid time value "${text}"`, node.start);
  return new Date(time);
}

/** Returns the bits of a BIT STRING (without the unused-bits octet). */
export function bitStringBytes(node: DerNode): { bytes: Uint8Array; unusedBits: number } {
  if (node.contents.length === 0) throw new DerError('empty BIT STRING', node.start);
  return { bytes: node.contents.subarray(1), unusedBits: node.contents[0]! };
}

/** Reads a small non-negative INTEGER; larger values are returned as hex by `integerHex`. */
export function decodeSmallInteger(node: DerNode): number {
  if (node.contents.length === 0 || node.contents.length > 6) throw new DerError('integer out of range', node.start);
  let value = 0;
  for (const byte of node.contents) value = value * 256 + byte;
  return value;
}

export function toHex(bytes: Uint8Array, separator = ''): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 1) {
    if (index > 0) text += separator;
    text += bytes[index]!.toString(16).padStart(2, '0').toUpperCase();
  }
  return text;
}

export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

export function bytesEqual(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index += 1) if (left[index] !== right[index]) return false;
  return true;
}
