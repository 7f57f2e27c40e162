import { issueCertificate, type IssuedCertificate, type KeyType } from '../../src/x509/certificate-authority.ts';

export interface TestPki {
  root: IssuedCertificate;
  intermediate: IssuedCertificate;
  leaf: IssuedCertificate;
}

export interface TestPkiOptions {
  keyType?: KeyType;
  leafProfile?: 'client' | 'server' | 'client-server';
  leafSubject?: string;
  leafNotBefore?: Date;
  leafNotAfter?: Date;
  dnsNames?: string[];
  ipAddresses?: string[];
}

/** Builds root → intermediate → leaf, generated fresh for each call. */
export async function createTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const keyType = options.keyType ?? 'ec-p256';
  const root = await issueCertificate({ subject: 'CN=Test Root CA, O=aicore-mtls tests, C=DE', profile: 'root-ca', keyType });
  const intermediate = await issueCertificate({
    subject: 'CN=Test Client CA, O=aicore-mtls tests, C=DE',
    profile: 'intermediate-ca',
    issuer: root,
    keyType,
    pathLength: 0,
  });
  const leaf = await issueCertificate({
    subject: options.leafSubject ?? 'CN=test-client, OU=Clients, O=aicore-mtls tests, C=DE',
    profile: options.leafProfile ?? 'client',
    issuer: intermediate,
    keyType,
    notBefore: options.leafNotBefore,
    notAfter: options.leafNotAfter,
    dnsNames: options.dnsNames,
    ipAddresses: options.ipAddresses,
  });
  return { root, intermediate, leaf };
}
