/** Object identifiers used in PKCS#12 files (RFC 7292, RFC 8018, RFC 5652, RFC 2985). */
export const oid = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',

  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',

  x509Certificate: '1.2.840.113549.1.9.22.1',
  sdsiCertificate: '1.2.840.113549.1.9.22.2',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',

  pbeWithSHAAnd128BitRC4: '1.2.840.113549.1.12.1.1',
  pbeWithSHAAnd40BitRC4: '1.2.840.113549.1.12.1.2',
  pbeWithSHAAnd3KeyTripleDESCBC: '1.2.840.113549.1.12.1.3',
  pbeWithSHAAnd2KeyTripleDESCBC: '1.2.840.113549.1.12.1.4',
  pbeWithSHAAnd128BitRC2CBC: '1.2.840.113549.1.12.1.5',
  pbeWithSHAAnd40BitRC2CBC: '1.2.840.113549.1.12.1.6',

  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbmac1: '1.2.840.113549.1.5.14',
  scrypt: '1.3.6.1.4.1.11591.4.11',

  hmacWithSHA1: '1.2.840.113549.2.7',
  hmacWithSHA224: '1.2.840.113549.2.8',
  hmacWithSHA256: '1.2.840.113549.2.9',
  hmacWithSHA384: '1.2.840.113549.2.10',
  hmacWithSHA512: '1.2.840.113549.2.11',
  hmacWithSHA512_224: '1.2.840.113549.2.12',
  hmacWithSHA512_256: '1.2.840.113549.2.13',

  aes128CBC: '2.16.840.1.101.3.4.1.2',
  aes192CBC: '2.16.840.1.101.3.4.1.22',
  aes256CBC: '2.16.840.1.101.3.4.1.42',
  desEde3CBC: '1.2.840.113549.3.7',

  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  md5: '1.2.840.113549.2.5',
} as const;

/** Names for OIDs that appear in error messages when they are not supported. */
const knownNames: Record<string, string> = {
  [oid.signedData]: 'public-key integrity mode (signedData)',
  [oid.envelopedData]: 'public-key privacy mode (envelopedData)',
  [oid.pbmac1]: 'a PBMAC1 MAC (RFC 9579)',
  [oid.scrypt]: 'scrypt key derivation',
  [oid.md5]: 'an MD5 MAC',
  '1.2.840.113549.1.5.3': 'pbeWithMD5AndDES-CBC (PBES1)',
  '1.2.840.113549.1.5.10': 'pbeWithSHA1AndDES-CBC (PBES1)',
  '1.2.840.113549.1.5.6': 'pbeWithMD5AndRC2-CBC (PBES1)',
  '1.2.840.113549.1.5.11': 'pbeWithSHA1AndRC2-CBC (PBES1)',
  '1.3.14.3.2.7': 'DES-CBC',
  '1.2.840.113549.3.2': 'RC2-CBC inside PBES2',
  '2.16.840.1.101.3.4.1.6': 'AES-128-GCM',
  '2.16.840.1.101.3.4.1.46': 'AES-256-GCM',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
};

/** Describes an OID for a message: its name when known, otherwise "an unknown algorithm". */
export function describeOid(value: string): string {
  return knownNames[value] ?? 'an unknown algorithm';
}
