import { createPrivateKey, type KeyObject } from 'node:crypto';

import type { BerReader } from './ber.ts';
import { Pkcs12UnsupportedAlgorithmError } from './errors.ts';

/**
 * Loads a PrivateKeyInfo (PKCS#8, RFC 5208/5958) into a KeyObject. The structure is checked
 * first, so that random bytes from a wrong key raise Pkcs12FormatError (read as a wrong
 * password), while a well-formed key that Node cannot load names its algorithm.
 */
export function importPrivateKeyInfo(reader: BerReader, der: Uint8Array, what: string): KeyObject {
  const fields = reader.sequence(reader.decode(der, `${what} PrivateKeyInfo`), `${what} PrivateKeyInfo`, 3, 5);
  reader.integer(fields[0], `${what} PrivateKeyInfo version`, 0, 1);
  const [algorithmOidElement] = reader.sequence(fields[1], `${what} key algorithm`, 1, 2);
  const algorithmOid = reader.oid(algorithmOidElement, `${what} key algorithm`);
  reader.octetString(fields[2], `${what} private key`);

  try {
    return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new Pkcs12UnsupportedAlgorithmError(reader.source, `a private key (${what}) that Node's crypto cannot load`, algorithmOid, {
      cause: error,
      fix: 'Check that the key type is RSA, EC (P-256, P-384, P-521), Ed25519 or Ed448; export the key again if it is damaged.',
    });
  }
}
