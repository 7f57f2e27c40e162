import * as asn1js from 'asn1js';

import { checkFraming, FramingError } from './ber-framing.ts';
import { Pkcs12FormatError } from './errors.ts';

/** One decoded BER element. */
export type Element = asn1js.AsnType;

const universal = 1;
const contextSpecific = 3;

const tag = { integer: 2, octetString: 4, null: 5, oid: 6, sequence: 16, set: 17, bmpString: 30 } as const;

/**
 * Typed access to a BER tree decoded by asn1js. Every accessor checks the tag and throws
 * Pkcs12FormatError naming the field (`what`) and the file (`source`), so damaged input never
 * surfaces as a TypeError. BER forms (indefinite lengths, constructed OCTET STRINGs) are
 * accepted everywhere, because OpenSSL, Windows and pkijs write them.
 */
export class BerReader {
  constructor(readonly source: string | undefined) {}

  fail(what: string, problem: string, cause?: unknown): never {
    throw new Pkcs12FormatError(this.source, `${what} ${problem}`, cause === undefined ? {} : { cause });
  }

  /**
   * Decodes exactly one element that fills `bytes`. With `trailing`, zero bytes after the element
   * (padding some tools append) are reported through it instead of failing; other trailing bytes always fail.
   */
  decode(bytes: Uint8Array, what: string, trailing?: (count: number) => void): Element {
    if (bytes.length === 0) this.fail(what, 'is empty');
    let end: number;
    try {
      end = checkFraming(bytes).end;
    } catch (error) {
      if (error instanceof FramingError) this.fail(what, `is not valid BER: ${error.message}`);
      throw error;
    }
    if (end !== bytes.length) {
      const extra = bytes.subarray(end);
      if (trailing === undefined || extra.some((byte) => byte !== 0)) this.fail(what, `is followed by ${extra.length} unexpected bytes`);
      trailing(extra.length);
    }

    let decoded: ReturnType<typeof asn1js.fromBER>;
    try {
      decoded = asn1js.fromBER(bytes.subarray(0, end));
    } catch (error) {
      this.fail(what, 'cannot be decoded as ASN.1', error);
    }
    if (decoded.offset === -1) this.fail(what, `cannot be decoded as ASN.1 (${decoded.result.error || 'invalid encoding'})`);
    if (decoded.offset !== end) this.fail(what, 'cannot be decoded as ASN.1 (inconsistent lengths)');
    return decoded.result;
  }

  /** Returns the items of a SEQUENCE, checking their number. */
  sequence(element: Element | undefined, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): Element[] {
    return this.constructed(element, tag.sequence, 'a SEQUENCE', what, min, max);
  }

  set(element: Element | undefined, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): Element[] {
    return this.constructed(element, tag.set, 'a SET', what, min, max);
  }

  oid(element: Element | undefined, what: string): string {
    const checked = this.universalPrimitive(element, tag.oid, 'an OBJECT IDENTIFIER', what);
    const value = (checked as asn1js.ObjectIdentifier).getValue();
    if (!/^\d+(\.\d+)+$/.test(value)) this.fail(what, 'is not a valid OBJECT IDENTIFIER');
    return value;
  }

  /** Reads a non-negative INTEGER that must lie in [min, max]. */
  integer(element: Element | undefined, what: string, min: number, max: number): number {
    const checked = this.universalPrimitive(element, tag.integer, 'an INTEGER', what);
    const bytes = (checked as asn1js.Integer).valueBlock.valueHexView;
    if (bytes.length === 0) this.fail(what, 'is an empty INTEGER');
    if (bytes[0]! & 0x80) this.fail(what, 'is negative');
    let value = 0;
    for (const byte of bytes) {
      value = value * 256 + byte;
      if (value > max) this.fail(what, `is larger than ${max}`);
    }
    if (value < min) this.fail(what, `is ${value}, below the minimum of ${min}`);
    return value;
  }

  /** Returns the content octets of an OCTET STRING, joining the chunks of the constructed BER form. */
  octetString(element: Element | undefined, what: string): Uint8Array {
    if (element === undefined) this.fail(what, 'is missing');
    if (element.idBlock.tagClass !== universal || element.idBlock.tagNumber !== tag.octetString) {
      this.fail(what, 'is not an OCTET STRING');
    }
    return this.stringContent(element, what);
  }

  /** Returns the content octets of a `[number] IMPLICIT OCTET STRING`, primitive or constructed. */
  implicitOctetString(element: Element | undefined, number: number, what: string): Uint8Array {
    if (!this.isContext(element, number)) this.fail(what, `is not a [${number}] field`);
    return this.stringContent(element!, what);
  }

  /** Returns the single element inside a `[number] EXPLICIT` field. */
  explicit(element: Element | undefined, number: number, what: string): Element {
    if (!this.isContext(element, number) || !element!.idBlock.isConstructed) this.fail(what, `is not an explicit [${number}] field`);
    const inner = (element as asn1js.Constructed).valueBlock.value;
    if (inner.length !== 1) this.fail(what, `holds ${inner.length} elements instead of one`);
    return inner[0]!;
  }

  isContext(element: Element | undefined, number: number): boolean {
    return element !== undefined && element.idBlock.tagClass === contextSpecific && element.idBlock.tagNumber === number;
  }

  isNull(element: Element | undefined): boolean {
    return element !== undefined && element.idBlock.tagClass === universal && element.idBlock.tagNumber === tag.null;
  }

  /** Decodes a BMPString (UTF-16BE) without relying on asn1js's lenient text decoding. */
  bmpString(element: Element | undefined, what: string): string {
    const checked = this.universalPrimitive(element, tag.bmpString, 'a BMPString', what);
    const bytes = (checked as asn1js.BmpString).valueBlock.valueHexView;
    if (bytes.length % 2 !== 0) this.fail(what, 'has an odd number of bytes for a BMPString');
    let text = '';
    for (let index = 0; index < bytes.length; index += 2) text += String.fromCharCode((bytes[index]! << 8) | bytes[index + 1]!);
    return text;
  }

  /** Returns the complete encoding of an element, as it appeared in the input. */
  encoding(element: Element): Uint8Array {
    return element.valueBeforeDecodeView;
  }

  private constructed(element: Element | undefined, tagNumber: number, kind: string, what: string, min: number, max: number): Element[] {
    if (element === undefined) this.fail(what, 'is missing');
    if (element.idBlock.tagClass !== universal || element.idBlock.tagNumber !== tagNumber || !element.idBlock.isConstructed) {
      this.fail(what, `is not ${kind}`);
    }
    const items = (element as asn1js.Sequence).valueBlock.value;
    if (items.length < min) this.fail(what, `has ${items.length} elements, expected at least ${min}`);
    if (items.length > max) this.fail(what, `has ${items.length} elements, expected at most ${max}`);
    return items;
  }

  private universalPrimitive(element: Element | undefined, tagNumber: number, kind: string, what: string): Element {
    if (element === undefined) this.fail(what, 'is missing');
    if (element.idBlock.tagClass !== universal || element.idBlock.tagNumber !== tagNumber || element.idBlock.isConstructed) {
      this.fail(what, `is not ${kind}`);
    }
    return element;
  }

  private stringContent(element: Element, what: string, depth = 0): Uint8Array {
    if (!element.idBlock.isConstructed) return (element as asn1js.OctetString).valueBlock.valueHexView;
    if (depth > 8) this.fail(what, 'nests constructed OCTET STRING chunks too deeply');
    const chunks = (element as asn1js.Constructed).valueBlock.value.map((chunk) => {
      if (chunk.idBlock.tagClass !== universal || chunk.idBlock.tagNumber !== tag.octetString) {
        this.fail(what, 'contains a chunk that is not an OCTET STRING');
      }
      return this.stringContent(chunk, what, depth + 1);
    });
    return Buffer.concat(chunks);
  }
}
