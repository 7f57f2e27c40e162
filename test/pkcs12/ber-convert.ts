import * as asn1js from 'asn1js';

import { computeMac, macDigests } from '../../src/pkcs12/mac.ts';

/**
 * Re-encodes a DER PKCS#12 file in BER as pkijs writes it: indefinite lengths on every
 * constructed element, and OCTET STRINGs (including the implicit [0] encrypted content) split
 * into constructed chunks. The AuthenticatedSafe and the plain
 * SafeContents inside their `data` wrappers are converted too, which changes the MAC input, so
 * the MAC is computed again with `encodedPassword` (a BMPString password).
 */
export function toBer(der: Uint8Array, encodedPassword: Uint8Array, chunkSize = 50): Buffer {
  const pfx = decode(der);
  const [version, authSafe, macData] = children(pfx);
  const authenticatedSafe = decode(dataContent(authSafe!));
  const convertedSafes = children(authenticatedSafe).map((contentInfo) => {
    const [type] = children(contentInfo);
    const isData = (type as asn1js.ObjectIdentifier).getValue() === '1.2.840.113549.1.7.1';
    return isData ? dataContentInfo(convert(decode(dataContent(contentInfo)), chunkSize), chunkSize) : convert(contentInfo, chunkSize);
  });
  const authSafeBer = indefinite(0x30, convertedSafes);
  const parts = [encoding(version!), dataContentInfo(authSafeBer, chunkSize)];
  if (macData !== undefined) parts.push(macDataFor(macData, authSafeBer, encodedPassword, chunkSize));
  return indefinite(0x30, parts);
}

/** MacData { DigestInfo { algorithm, digest }, salt, iterations } with a MAC over the new content. */
function macDataFor(macData: asn1js.AsnType, authSafeContent: Uint8Array, encodedPassword: Uint8Array, chunkSize: number): Buffer {
  const [digestInfo, salt, iterations] = children(macData);
  const [algorithm] = children(digestInfo!);
  const digestOid = (children(algorithm!)[0] as asn1js.ObjectIdentifier).getValue();
  const saltBytes = new Uint8Array((salt as asn1js.OctetString).getValue());
  const count = iterations === undefined ? 1 : (iterations as asn1js.Integer).valueBlock.valueDec;
  const mac = computeMac(macDigests.get(digestOid)!.digest, encodedPassword, saltBytes, count, authSafeContent);
  const fields = [indefinite(0x30, [convert(algorithm!, chunkSize), chunked(0x24, mac, chunkSize)]), convert(salt!, chunkSize)];
  if (iterations !== undefined) fields.push(encoding(iterations));
  return indefinite(0x30, fields);
}

function decode(bytes: Uint8Array): asn1js.AsnType {
  const decoded = asn1js.fromBER(bytes);
  if (decoded.offset !== bytes.length) throw new Error('toBer needs one complete element');
  return decoded.result;
}

function children(element: asn1js.AsnType): asn1js.AsnType[] {
  return (element as asn1js.Sequence).valueBlock.value;
}

function encoding(element: asn1js.AsnType): Buffer {
  return Buffer.from(element.valueBeforeDecodeView);
}

/** Returns the octets inside ContentInfo { data, [0] EXPLICIT OCTET STRING }. */
function dataContent(contentInfo: asn1js.AsnType): Uint8Array {
  const wrapper = children(contentInfo)[1]!;
  const octetString = children(wrapper)[0] as asn1js.OctetString;
  return new Uint8Array(octetString.getValue());
}

function dataContentInfo(content: Uint8Array, chunkSize: number): Buffer {
  const oid = Buffer.from('06092a864886f70d010701', 'hex');
  return indefinite(0x30, [oid, indefinite(0xa0, [chunked(0x24, content, chunkSize)])]);
}

function convert(element: asn1js.AsnType, chunkSize: number): Buffer {
  const { tagClass, tagNumber, isConstructed } = element.idBlock;
  const raw = encoding(element);
  if (isConstructed) {
    const tag = raw[0]!;
    return indefinite(tag, children(element).map((child) => convert(child, chunkSize)));
  }
  if (tagClass === 1 && tagNumber === 4) return chunked(0x24, new Uint8Array((element as asn1js.OctetString).getValue()), chunkSize);
  if (tagClass === 3 && tagNumber === 0) return chunked(0xa0, new Uint8Array((element as asn1js.Primitive).valueBlock.valueHexView), chunkSize);
  return raw;
}

function indefinite(tag: number, parts: Uint8Array[]): Buffer {
  return Buffer.concat([Buffer.from([tag, 0x80]), ...parts, Buffer.from([0, 0])]);
}

function chunked(tag: number, content: Uint8Array, chunkSize: number): Buffer {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < content.length; offset += chunkSize) {
    const chunk = content.subarray(offset, offset + chunkSize);
    chunks.push(Buffer.concat([Buffer.from([0x04, chunk.length]), chunk]));
  }
  return indefinite(tag, chunks);
}
