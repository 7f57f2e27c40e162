import { findBundledRoot, digicertGlobalRootG2 } from '../../src/s4/root-store.ts';
import { summarizeCertificate } from '../../src/s4/certificate-summary.ts';
import type { S4SheetInput } from '../../src/s4/sheet-input.ts';

/** An SAP AI Core x509 service key as SAP documents it, with the odd-but-valid spellings users paste. */
export const serviceKey = {
  clientid: 'sb-3f1c9a2e-77d4-4b8e-9c61-0a5d2e8f4b17!b482113|aicore!b540',
  url: 'https://acme-prod.authentication.eu10.hana.ondemand.com/',
  certurl: 'HTTPS://acme-prod.authentication.cert.eu10.hana.ondemand.com',
  'credential-type': 'x509',
  identityzone: 'acme-prod',
  serviceurls: { AI_API_URL: 'https://api.ai.prod.eu-central-1.aws.ml.hana.ondemand.com' },
};

export const expected = {
  tokenEndpoint: 'acme-prod.authentication.eu10.hana.ondemand.com/oauth/token',
  mtlsAlias: 'acme-prod.authentication.cert.eu10.hana.ondemand.com/oauth/token',
  sm59Host: 'api.ai.prod.eu-central-1.aws.ml.hana.ondemand.com',
};

/** Builds a complete input: one import file, the client certificate, and G2 for the identity PSE and DFAULT. */
export function realisticInput(overrides: Partial<S4SheetInput> = {}): S4SheetInput {
  const g2 = findBundledRoot(digicertGlobalRootG2.sha256Fingerprint);
  if (!g2) throw new Error('DigiCert Global Root G2 is missing from the Node CA store');
  const summary = summarizeCertificate(g2.certificate);
  const root = {
    subject: summary.subject,
    commonName: summary.commonName,
    sha256Fingerprint: summary.sha256Fingerprint,
    serialNumber: summary.serialNumber,
    notAfter: summary.notAfter,
  };
  return {
    serviceKey: {
      clientid: serviceKey.clientid,
      url: serviceKey.url,
      certurl: serviceKey.certurl,
      AI_API_URL: serviceKey.serviceurls.AI_API_URL,
      credentialType: serviceKey['credential-type'],
    },
    serviceKeySource: 'aicore-x509-key.json',
    names: { identity: 'ISLM', resourceGroup: 'default' },
    clientCertificate: {
      subject: 'CN=islm-mtls, OU=SAP Cloud Platform Clients, OU=Canary, OU=8e1affb2-62a1-43cc-a687-2ba75e4b3d84, O=SAP SE, C=DE',
      issuer: 'CN=SAP Cloud Platform Client CA, OU=SAP Cloud Platform Clients, O=SAP SE, L=EU10, C=DE',
      serialNumber: '5E2A9C0D11F04B7AA3',
      notBefore: '2026-05-01T10:00:00Z',
      notAfter: '2027-05-01T10:00:00Z',
      sha256Fingerprint: '1F:2E:3D:4C:5B:6A:79:88:97:A6:B5:C4:D3:E2:F1:00:1F:2E:3D:4C:5B:6A:79:88:97:A6:B5:C4:D3:E2:F1:00',
      source: 'import file "islm-strust.pem"',
    },
    importFiles: [
      {
        path: '/home/basis/aicore-mtls/out/islm-strust.pem',
        sha256: '9b74c9897bac770ffc029102a200c5de0f1e8a1d1c0c8f3a3a1e0b4d6e2f7a10',
        format: 'pem',
        contents: 'encrypted private key + 3 certificates',
        chain: ['CN=islm-mtls, O=SAP SE, C=DE', 'CN=SAP Cloud Platform Client CA, O=SAP SE, C=DE', 'CN=SAP Cloud Root CA, O=SAP SE, L=Walldorf, C=DE'],
        passwordSource: { kind: 'file', path: '/home/basis/aicore-mtls/out/islm-strust.password' },
      },
    ],
    roots: [
      { pse: 'identity', status: 'expected', certificate: root, source: "SAP's ISLM mTLS tutorial", pem: g2.pem },
      { pse: 'DFAULT', status: 'unconfirmed', certificate: root, source: 'likely root', pem: g2.pem, note: 'Confirm with --probe.' },
    ],
    renewal: { autoRenew: 'on' },
    generatedAt: '2026-05-02T08:00:00Z',
    generator: 'aicore-mtls test',
    ...overrides,
  };
}
