import { createTestPki, type TestPki } from '../helpers/pki.ts';

/** Synthetic service keys in the shapes SAP services issue, with certificates generated per run. */
export interface KeyFixtures {
  pki: TestPki;
  chainPem: string;
  aicoreX509: Record<string, unknown>;
  aicoreSecret: Record<string, unknown>;
  destinationSecret: Record<string, unknown>;
  serviceManagerSecret: Record<string, unknown>;
}

export async function createKeyFixtures(): Promise<KeyFixtures> {
  const pki = await createTestPki();
  const chainPem = pki.leaf.certificatePem + pki.intermediate.certificatePem;
  return {
    pki,
    chainPem,
    aicoreX509: {
      clientid: 'sb-00000000-0000-0000-0000-000000000001!b12345|aicore!b540',
      'credential-type': 'x509',
      certificate: chainPem,
      key: pki.leaf.privateKeyPem,
      url: 'https://my-sub.authentication.eu10.hana.ondemand.com',
      certurl: 'https://my-sub.authentication.cert.eu10.hana.ondemand.com',
      identityzone: 'my-sub',
      identityzoneid: '00000000-0000-0000-0000-00000000000a',
      appname: 'aicore-app!b540',
      serviceurls: { AI_API_URL: 'https://api.ai.prod.eu-central-1.aws.ml.hana.ondemand.com' },
    },
    aicoreSecret: {
      clientid: 'sb-00000000-0000-0000-0000-000000000002!b12345|aicore!b540',
      clientsecret: 'aicore-client-secret-value',
      url: 'https://my-sub.authentication.eu10.hana.ondemand.com',
      identityzone: 'my-sub',
      identityzoneid: '00000000-0000-0000-0000-00000000000a',
      appname: 'aicore-app!b540',
      serviceurls: { AI_API_URL: 'https://api.ai.prod.eu-central-1.aws.ml.hana.ondemand.com' },
    },
    destinationSecret: {
      clientid: 'sb-clone-dest!b1|destination-xsappname!b62',
      clientsecret: 'destination-client-secret-value',
      url: 'https://my-sub.authentication.eu10.hana.ondemand.com',
      uri: 'https://destination-configuration.cfapps.eu10.hana.ondemand.com',
      identityzone: 'my-sub',
      tenantmode: 'dedicated',
      xsappname: 'clone-dest!b1|destination-xsappname!b62',
    },
    serviceManagerSecret: {
      clientid: 'sb-sm-client!b1|service-manager!b1',
      clientsecret: 'sm-client-secret-value',
      url: 'https://my-sub.authentication.eu10.hana.ondemand.com',
      sm_url: 'https://service-manager.cfapps.eu10.hana.ondemand.com',
      xsappname: 'sm-client!b1|service-manager!b1',
    },
  };
}
