import { decodeOid, derChildren, derTag, expectTag, readDerExact } from './der.ts';

const signedData = '1.2.840.113549.1.7.2';

/** Checks whether DER bytes are a PKCS#7 ContentInfo of type signedData (a `.p7b` / `.p7c` certificate bundle). */
export function isPkcs7SignedData(der: Uint8Array): boolean {
  try {
    const [type] = derChildren(readDerExact(der));
    return type?.tag === derTag.oid && decodeOid(type.contents) === signedData;
  } catch {
    return false;
  }
}

/**
 * Returns the DER certificates of a PKCS#7 signedData bundle, in file order. Only the
 * `certificates` field is read; signatures, CRLs and content are ignored. Throws DerError on
 * malformed input.
 */
export function pkcs7Certificates(der: Uint8Array): Uint8Array[] {
  const [, explicitContent] = derChildren(expectTag(readDerExact(der), derTag.sequence, 'ContentInfo'));
  const [signed] = derChildren(expectTag(explicitContent, 0xa0, 'ContentInfo content'));
  const fields = derChildren(expectTag(signed, derTag.sequence, 'SignedData'));
  // SignedData: version, digestAlgorithms, encapContentInfo, [0] IMPLICIT certificates OPTIONAL, ...
  const certificates = fields.slice(3).find((field) => field.tag === 0xa0);
  if (certificates === undefined) return [];
  return derChildren(certificates).map((certificate) => certificate.encoded);
}
