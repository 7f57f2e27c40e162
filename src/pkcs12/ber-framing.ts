/**
 * Checks the tag-length framing of BER bytes before asn1js decodes them. asn1js 3.1 does not
 * check that children stay inside their parent's length, so a damaged length byte can shift
 * elements between levels and still decode. This walk rejects such input instead.
 */

/** Nesting deeper than this is rejected; PKCS#12 structures nest about 15 levels. */
const maxDepth = 64;

export interface FramingResult {
  /** Offset just after the first complete element. */
  end: number;
}

/** Returns the end of the first element, or throws FramingError describing the first fault. */
export function checkFraming(bytes: Uint8Array): FramingResult {
  return { end: element(bytes, 0, bytes.length, 0) };
}

export class FramingError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'FramingError';
  }
}

function element(bytes: Uint8Array, offset: number, limit: number, depth: number): number {
  if (depth > maxDepth) throw new FramingError(`elements nest more than ${maxDepth} levels deep`, offset);
  const start = offset;
  if (offset >= limit) throw new FramingError('an element is missing', offset);
  const identifier = bytes[offset++]!;
  const constructed = (identifier & 0x20) !== 0;
  if ((identifier & 0x1f) === 0x1f) {
    // High tag number form: base-128 digits, the last one without bit 8.
    let digits = 0;
    do {
      if (offset >= limit) throw new FramingError('a tag is cut off', start);
      if (++digits > 4) throw new FramingError('a tag number is too long', start);
    } while (bytes[offset++]! & 0x80);
  }

  if (offset >= limit) throw new FramingError('a length is cut off', start);
  const first = bytes[offset++]!;
  if (first === 0x80) {
    if (!constructed) throw new FramingError('a primitive element has an indefinite length', start);
    for (;;) {
      if (offset + 2 > limit) throw new FramingError('an indefinite-length element has no end-of-contents marker', start);
      if (bytes[offset] === 0 && bytes[offset + 1] === 0) return offset + 2;
      offset = element(bytes, offset, limit, depth + 1);
    }
  }

  let length = first;
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 4) throw new FramingError(`a length has ${count} bytes`, start);
    if (offset + count > limit) throw new FramingError('a length is cut off', start);
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + bytes[offset++]!;
  }
  const end = offset + length;
  if (end > limit) throw new FramingError(`an element of ${length} bytes runs past the end of its parent`, start);
  if (constructed) {
    while (offset < end) offset = element(bytes, offset, end, depth + 1);
  }
  return end;
}
