import type { X509Certificate } from 'node:crypto';

import type { TlsIdentity } from '../../http/index.ts';
import { readMaterial } from '../../material/index.ts';
import type { PasswordProvider } from '../../password.ts';
import { registerSecret } from '../../redact.ts';
import { DestinationError } from './errors.ts';
import type { DestinationCertificate } from './types.ts';

export interface DestinationIdentity {
  /** Ready for `createHttpClient` and `fetchClientCredentialsToken`. */
  identity: TlsIdentity;
  /** Leaf first, then each issuer found in the file (intermediates, root), PEM with LF endings. */
  chainPem: string;
  /** Subject of the leaf in RFC 4514 order. */
  leafSubject: string;
  warnings: string[];
}

/**
 * Reads the client identity from a downloaded Destination certificate. The content's format
 * is identified from the bytes (the `Type` field is opaque): PEM with the key in any order,
 * PKCS#1 or PKCS#8, encrypted or not, or PKCS#12. `passwords` is asked only when the key or
 * keystore is encrypted (the `Password` attribute given at generation).
 */
export async function identityFromDestinationCertificate(
  certificate: DestinationCertificate,
  options: { passwords?: PasswordProvider } = {},
): Promise<DestinationIdentity> {
  const origin = `Destination certificate "${certificate.name}"`;
  const material = await readMaterial({ bytes: certificate.content, origin }, { passwords: options.passwords });
  const key = material.privateKeys[0];
  if (!key) {
    throw new DestinationError('ERR_DESTINATION_INVALID_RESPONSE', `${origin} contains no private key`, {
      fix: 'Certificates generated from a CSR and uploaded certificates hold no key: give the private key that belongs to the certificate separately.',
      details: { name: certificate.name, certificates: material.certificates.length },
    });
  }
  const certificates = material.certificates.map((entry) => entry.x509);
  const leaf = certificates.find((candidate) => candidate.checkPrivateKey(key.keyObject));
  if (!leaf) {
    throw new DestinationError('ERR_DESTINATION_INVALID_RESPONSE', `the private key in ${origin} belongs to none of its ${certificates.length} certificates`, {
      details: { name: certificate.name },
    });
  }

  const chain = orderChain(leaf, certificates);
  const chainPem = chain.map((entry) => entry.toString().trim()).join('\n') + '\n';
  const keyPem = key.keyObject.export({ format: 'pem', type: 'pkcs8' }) as string;
  registerSecret(keyPem);
  return {
    identity: { certificatePem: chainPem, privateKey: key.keyObject, origin },
    chainPem,
    leafSubject: leaf.subject.split('\n').reverse().join(', '),
    warnings: [...material.warnings, ...material.repairs.map((repair) => repair.message)],
  };
}

/** Follows issuers from the leaf upwards; certificates that are not on the path are dropped. */
function orderChain(leaf: X509Certificate, certificates: X509Certificate[]): X509Certificate[] {
  const chain = [leaf];
  let current = leaf;
  while (chain.length < certificates.length) {
    const issuer = certificates.find((candidate) => !chain.includes(candidate) && current.checkIssued(candidate) && current.verify(candidate.publicKey));
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}
