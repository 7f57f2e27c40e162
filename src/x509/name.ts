import { DerError, decodeOid, derChildren, derTag, expectTag, latin1, toHex, type DerNode } from './der.ts';
import { nameAttributeNames } from './oids.ts';

/** One attribute of a distinguished name, in the order the certificate encodes it. */
export interface NameAttribute {
  /** Short name such as `CN`, or the dotted OID when it has none. */
  type: string;
  oid: string;
  value: string;
}

/** A distinguished name: relative distinguished names in encoded order, each with its attributes. */
export interface DistinguishedName {
  rdns: NameAttribute[][];
  /** The encoded Name, for exact comparisons. */
  der: Uint8Array;
}

/** Parses an X.501 Name (a SEQUENCE of SETs of AttributeTypeAndValue). */
export function parseName(node: DerNode): DistinguishedName {
  expectTag(node, derTag.sequence, 'Name');
  const rdns = derChildren(node).map((set) => {
    expectTag(set, derTag.set, 'RelativeDistinguishedName');
    return derChildren(set).map((pair) => {
      const [typeNode, valueNode] = derChildren(expectTag(pair, derTag.sequence, 'AttributeTypeAndValue'));
      const oid = decodeOid(expectTag(typeNode, derTag.oid, 'attribute type').contents);
      if (valueNode === undefined) throw new DerError('attribute value missing', pair.start);
      return { type: nameAttributeNames[oid] ?? oid, oid, value: decodeStringValue(valueNode) };
    });
  });
  return { rdns, der: node.encoded };
}

/**
 * Formats a name as RFC 4514 describes: the last RDN first, attributes separated by commas,
 * multi-valued RDNs joined with `+`. The attributes inside a multi-valued RDN are reversed
 * too, as OpenSSL does, so for ASCII values this equals `openssl x509 -nameopt RFC2253`.
 * Non-ASCII characters stay as UTF-8, where OpenSSL writes `\XX` escapes for each byte.
 */
export function formatName(name: DistinguishedName): string {
  return [...name.rdns]
    .reverse()
    .map((rdn) => [...rdn].reverse().map((attribute) => `${attribute.type}=${escapeValue(attribute.value)}`).join('+'))
    .join(',');
}

/** Returns the first value of an attribute type (such as `CN`), or undefined. */
export function nameAttribute(name: DistinguishedName, type: string): string | undefined {
  for (const rdn of name.rdns) {
    for (const attribute of rdn) if (attribute.type === type) return attribute.value;
  }
  return undefined;
}

function escapeValue(value: string): string {
  if (value.startsWith('#') && /^#[0-9A-F]+$/.test(value) && value.length % 2 === 1) return value;
  let escaped = '';
  for (let index = 0; index < value.length; index += 1) {
    const character = value[index]!;
    const code = character.charCodeAt(0);
    if (',+"\\<>;'.includes(character)) {
      escaped += `\\${character}`;
    } else if (code < 0x20 || code === 0x7f) {
      escaped += `\\${code.toString(16).padStart(2, '0').toUpperCase()}`;
    } else if ((index === 0 && (character === ' ' || character === '#')) || (index === value.length - 1 && character === ' ')) {
      escaped += `\\${character}`;
    } else {
      escaped += character;
    }
  }
  return escaped;
}

function decodeStringValue(node: DerNode): string {
  const bytes = node.contents;
  switch (node.tag) {
    case derTag.utf8String:
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    case derTag.printableString:
    case derTag.ia5String:
    case derTag.numericString:
    case derTag.visibleString:
    case derTag.t61String:
      return latin1(bytes);
    case derTag.bmpString: {
      let text = '';
      for (let index = 0; index + 1 < bytes.length; index += 2) text += String.fromCharCode((bytes[index]! << 8) | bytes[index + 1]!);
      return text;
    }
    case derTag.universalString: {
      let text = '';
      for (let index = 0; index + 3 < bytes.length; index += 4) {
        const point = ((bytes[index]! << 24) | (bytes[index + 1]! << 16) | (bytes[index + 2]! << 8) | bytes[index + 3]!) >>> 0;
        text += point <= 0x10ffff ? String.fromCodePoint(point) : '\uFFFD';
      }
      return text;
    }
    default:
      // RFC 4514 section 2.4: values of other types are written as `#` and the hex of their BER encoding.
      return `#${toHex(node.encoded)}`;
  }
}
