/**
 * Lists the places where bytes break the DER rules a strict reader (node-forge, some Java and
 * SAP parsers) relies on: indefinite or non-minimal lengths, constructed strings, non-minimal
 * INTEGERs and unsorted SET OF. OCTET STRINGs whose content is itself one complete
 * SEQUENCE are checked recursively, which covers the encapsulated AuthenticatedSafe and
 * SafeContents.
 */
export function derViolations(bytes: Uint8Array): string[] {
  const violations: string[] = [];
  const end = walk(bytes, 0, bytes.length, 'root', violations);
  if (end !== bytes.length) violations.push(`root: ${bytes.length - end} trailing bytes`);
  return violations;
}

interface Header {
  tag: number;
  constructed: boolean;
  contentStart: number;
  contentEnd: number;
}

function readHeader(bytes: Uint8Array, offset: number, limit: number, path: string, violations: string[]): Header | undefined {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined || offset + 2 > limit) {
    violations.push(`${path}: truncated header`);
    return undefined;
  }
  if ((tag & 0x1f) === 0x1f) {
    violations.push(`${path}: multi-byte tag`);
    return undefined;
  }
  let length = first;
  let contentStart = offset + 2;
  if (first === 0x80) {
    violations.push(`${path}: indefinite length`);
    return undefined;
  }
  if (first > 0x80) {
    const count = first & 0x7f;
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + (bytes[offset + 2 + index] ?? 0);
    contentStart += count;
    if (bytes[offset + 2] === 0 || length < 0x80) violations.push(`${path}: non-minimal length`);
  }
  const contentEnd = contentStart + length;
  if (contentEnd > limit) {
    violations.push(`${path}: length ${length} runs past its parent`);
    return undefined;
  }
  return { tag, constructed: (tag & 0x20) !== 0, contentStart, contentEnd };
}

function walk(bytes: Uint8Array, offset: number, limit: number, path: string, violations: string[]): number {
  const header = readHeader(bytes, offset, limit, path, violations);
  if (header === undefined) return limit;
  const { tag, constructed, contentStart, contentEnd } = header;
  const content = bytes.subarray(contentStart, contentEnd);

  if (tag === 0x24 || tag === 0x23) violations.push(`${path}: constructed string`);
  if (tag === 0x02 && content.length > 1) {
    if ((content[0] === 0x00 && content[1]! < 0x80) || (content[0] === 0xff && content[1]! >= 0x80)) violations.push(`${path}: non-minimal INTEGER`);
  }
  if (constructed) {
    const children: Uint8Array[] = [];
    let position = contentStart;
    while (position < contentEnd) {
      const next = walk(bytes, position, contentEnd, `${path}/${children.length}`, violations);
      children.push(bytes.subarray(position, next));
      position = next;
    }
    if (tag === 0x31) {
      for (let index = 1; index < children.length; index++) {
        if (Buffer.compare(children[index - 1]!, children[index]!) > 0) violations.push(`${path}: SET OF elements not sorted`);
      }
    }
  } else if (tag === 0x04 && content[0] === 0x30 && encapsulatesOneElement(content)) {
    const inner = walk(content, 0, content.length, `${path}/encapsulated`, violations);
    if (inner !== content.length) violations.push(`${path}/encapsulated: trailing bytes`);
  }
  return contentEnd;
}

function encapsulatesOneElement(content: Uint8Array): boolean {
  const probe: string[] = [];
  const header = readHeader(content, 0, content.length, '', probe);
  return header !== undefined && probe.length === 0 && header.contentEnd === content.length;
}
