import { decodeOid, decodeSmallInteger, decodeTime, derChildren, derTag, expectTag, readDerExact, toHex, type DerNode } from './der.ts';
import { decodeExtensions, parseExtensionList, type DecodedExtensions, type RawExtension } from './extensions.ts';
import { parseName, type DistinguishedName } from './name.ts';
import { oidName } from './oids.ts';

export interface AlgorithmIdentifier {
  oid: string;
  /** OpenSSL's name for the algorithm, or the OID when it has none. */
  name: string;
}

/**
 * The fields of an X.509 certificate that Node's X509Certificate does not expose on Node 20
 * (signature algorithm, names in encoded order, exact validity dates, extensions).
 */
export interface CertificateFields {
  /** 1, 2 or 3. */
  version: number;
  /** Upper-case hex of the serial number's two's-complement bytes, as `openssl x509 -serial` prints. */
  serialNumber: string;
  signatureAlgorithm: AlgorithmIdentifier;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  publicKeyAlgorithm: AlgorithmIdentifier;
  /** DER of the SubjectPublicKeyInfo. */
  subjectPublicKeyInfo: Uint8Array;
  extensions: RawExtension[];
  decoded: DecodedExtensions;
}

/** Parses a DER certificate. Throws DerError (or a plain Error from a nested decoder) on malformed input. */
export function parseCertificateFields(der: Uint8Array): CertificateFields {
  const certificate = readDerExact(der);
  const [tbs, outerAlgorithm] = derChildren(expectTag(certificate, derTag.sequence, 'Certificate'));
  const parts = derChildren(expectTag(tbs, derTag.sequence, 'TBSCertificate'));
  expectTag(outerAlgorithm, derTag.sequence, 'signatureAlgorithm');

  let index = 0;
  let version = 1;
  if (parts[0]?.tag === 0xa0) {
    const [versionNode] = derChildren(parts[0]);
    version = decodeSmallInteger(expectTag(versionNode, derTag.integer, 'version')) + 1;
    index += 1;
  }
  const serial = expectTag(parts[index], derTag.integer, 'serialNumber');
  const signatureAlgorithm = parseAlgorithm(expectTag(parts[index + 1], derTag.sequence, 'signature'));
  const issuer = parseName(expectTag(parts[index + 2], derTag.sequence, 'issuer'));
  const validity = derChildren(expectTag(parts[index + 3], derTag.sequence, 'validity'));
  const subject = parseName(expectTag(parts[index + 4], derTag.sequence, 'subject'));
  const spki = expectTag(parts[index + 5], derTag.sequence, 'subjectPublicKeyInfo');
  const [spkiAlgorithm] = derChildren(spki);

  const extensionsWrapper = parts.slice(index + 6).find((part) => part.tag === 0xa3);
  const extensions = extensionsWrapper ? parseExtensionList(derChildren(extensionsWrapper)[0]!) : [];

  return {
    version,
    serialNumber: toHex(serial.contents.length > 1 && serial.contents[0] === 0 ? serial.contents.subarray(1) : serial.contents),
    signatureAlgorithm,
    issuer,
    subject,
    notBefore: decodeTime(requireNode(validity[0], 'notBefore')),
    notAfter: decodeTime(requireNode(validity[1], 'notAfter')),
    publicKeyAlgorithm: parseAlgorithm(expectTag(spkiAlgorithm, derTag.sequence, 'algorithm')),
    subjectPublicKeyInfo: spki.encoded,
    extensions,
    decoded: decodeExtensions(extensions),
  };
}

export function parseAlgorithm(node: DerNode): AlgorithmIdentifier {
  const [oidNode] = derChildren(node);
  const oid = decodeOid(expectTag(oidNode, derTag.oid, 'algorithm').contents);
  return { oid, name: oidName(oid) };
}

function requireNode(node: DerNode | undefined, what: string): DerNode {
  return expectTag(node, node?.tag === derTag.generalizedTime ? derTag.generalizedTime : derTag.utcTime, what);
}
