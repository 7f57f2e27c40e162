import {
  DerError,
  bitStringBytes,
  decodeOid,
  decodeSmallInteger,
  derChildren,
  derTag,
  expectTag,
  latin1,
  readDerExact,
  toHex,
  type DerNode,
} from './der.ts';
import { formatName, parseName } from './name.ts';
import { extendedKeyUsageNames, extensionOids, keyUsageNames } from './oids.ts';

export interface RawExtension {
  oid: string;
  critical: boolean;
  /** Contents of extnValue: the DER of the extension's own structure. */
  value: Uint8Array;
}

export interface BasicConstraints {
  ca: boolean;
  pathLength?: number;
}

/** Decoded forms of the extensions the inspector reports; absent when the certificate lacks them. */
export interface DecodedExtensions {
  basicConstraints?: BasicConstraints;
  keyUsage?: string[];
  /** Names such as `clientAuth`, or dotted OIDs for purposes without a name. */
  extendedKeyUsage?: string[];
  /** Hex, upper case, no separators. */
  subjectKeyIdentifier?: string;
  authorityKeyIdentifier?: string;
  /** OpenSSL-style entries: `DNS:host`, `IP Address:127.0.0.1`, `email:a@b`, `URI:…`. */
  subjectAltNames?: string[];
}

/** Parses the Extensions SEQUENCE of a TBSCertificate. */
export function parseExtensionList(node: DerNode): RawExtension[] {
  return derChildren(expectTag(node, derTag.sequence, 'Extensions')).map((extension) => {
    const parts = derChildren(expectTag(extension, derTag.sequence, 'Extension'));
    const oid = decodeOid(expectTag(parts[0], derTag.oid, 'extnID').contents);
    let index = 1;
    let critical = false;
    if (parts[index]?.tag === derTag.boolean) {
      critical = parts[index]!.contents[0] !== 0;
      index += 1;
    }
    const value = expectTag(parts[index], derTag.octetString, 'extnValue').contents;
    return { oid, critical, value };
  });
}

/** Decodes the extensions the inspector reports. Unknown extensions are ignored. */
export function decodeExtensions(extensions: RawExtension[]): DecodedExtensions {
  const decoded: DecodedExtensions = {};
  for (const extension of extensions) {
    const node = readDerExact(extension.value);
    switch (extension.oid) {
      case extensionOids.basicConstraints:
        decoded.basicConstraints = decodeBasicConstraints(node);
        break;
      case extensionOids.keyUsage:
        decoded.keyUsage = decodeKeyUsage(node);
        break;
      case extensionOids.extendedKeyUsage:
        decoded.extendedKeyUsage = derChildren(expectTag(node, derTag.sequence, 'ExtKeyUsageSyntax')).map((purpose) => {
          const oid = decodeOid(expectTag(purpose, derTag.oid, 'KeyPurposeId').contents);
          return extendedKeyUsageNames[oid] ?? oid;
        });
        break;
      case extensionOids.subjectKeyIdentifier:
        decoded.subjectKeyIdentifier = toHex(expectTag(node, derTag.octetString, 'SubjectKeyIdentifier').contents);
        break;
      case extensionOids.authorityKeyIdentifier: {
        const keyId = derChildren(expectTag(node, derTag.sequence, 'AuthorityKeyIdentifier')).find((part) => part.tag === 0x80);
        if (keyId) decoded.authorityKeyIdentifier = toHex(keyId.contents);
        break;
      }
      case extensionOids.subjectAltName:
        decoded.subjectAltNames = derChildren(expectTag(node, derTag.sequence, 'GeneralNames')).map(formatGeneralName);
        break;
      default:
        break;
    }
  }
  return decoded;
}

function decodeBasicConstraints(node: DerNode): BasicConstraints {
  const parts = derChildren(expectTag(node, derTag.sequence, 'BasicConstraints'));
  let index = 0;
  let ca = false;
  if (parts[index]?.tag === derTag.boolean) {
    ca = parts[index]!.contents[0] !== 0;
    index += 1;
  }
  const constraints: BasicConstraints = { ca };
  if (parts[index]?.tag === derTag.integer) constraints.pathLength = decodeSmallInteger(parts[index]!);
  return constraints;
}

function decodeKeyUsage(node: DerNode): string[] {
  const { bytes } = bitStringBytes(expectTag(node, derTag.bitString, 'KeyUsage'));
  const names: string[] = [];
  keyUsageNames.forEach((name, bit) => {
    const byte = bytes[bit >> 3];
    if (byte !== undefined && (byte & (0x80 >> (bit & 7))) !== 0) names.push(name);
  });
  return names;
}

function formatGeneralName(node: DerNode): string {
  switch (node.tag) {
    case 0x81:
      return `email:${latin1(node.contents)}`;
    case 0x82:
      return `DNS:${latin1(node.contents)}`;
    case 0x86:
      return `URI:${latin1(node.contents)}`;
    case 0x87:
      return `IP Address:${formatIp(node.contents)}`;
    case 0x88:
      return `Registered ID:${decodeOid(node.contents)}`;
    case 0xa4: {
      const [inner] = derChildren(node);
      if (inner === undefined) throw new DerError('empty directoryName', node.start);
      return `DirName:${formatName(parseName(inner))}`;
    }
    case 0xa0:
      return 'othername:<unsupported>';
    default:
      return `<unsupported name type 0x${node.tag.toString(16)}>`;
  }
}

function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length === 16) {
    const groups: string[] = [];
    for (let index = 0; index < 16; index += 2) groups.push(((bytes[index]! << 8) | bytes[index + 1]!).toString(16).toUpperCase());
    return groups.join(':');
  }
  return `<invalid ${bytes.length}-byte address>`;
}
