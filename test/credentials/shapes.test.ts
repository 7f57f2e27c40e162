import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { credentialsFromEnvironment, credentialsFromObject, parseCredentials, readCredentialsFile } from '../../src/credentials/index.ts';
import { redactText } from '../../src/redact.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { createKeyFixtures, type KeyFixtures } from './fixtures.ts';

let keys: KeyFixtures;
before(async () => {
  keys = await createKeyFixtures();
});

test('service key file read', async () => {
  const folder = await createTempDir();
  const path = join(folder, 'aicore-key.json');
  await writeFile(path, JSON.stringify(keys.aicoreX509, null, 2));

  const credentials = await readCredentialsFile(path);
  assert.equal(credentials.kind, 'aicore');
  assert.equal(credentials.credentialType, 'x509');
  assert.equal(credentials.declaredCredentialType, 'x509');
  assert.equal(credentials.clientid, keys.aicoreX509.clientid);
  assert.equal(credentials.certurl, 'https://my-sub.authentication.cert.eu10.hana.ondemand.com');
  assert.equal(credentials.serviceurls?.AI_API_URL, 'https://api.ai.prod.eu-central-1.aws.ml.hana.ondemand.com');
  assert.equal(credentials.certificate, keys.chainPem);
  assert.deepEqual(credentials.origin.certurl, { source: path, path: '$.certurl' });
  assert.deepEqual(credentials.origin['credential-type'], { source: path, path: '$["credential-type"]' });
  assert.equal(credentials.source.shape, 'service-key');
  assert.deepEqual(credentials.warnings, []);
  assert.ok(credentials.fieldNames.includes('appname'));
});

test('secrets registered for redaction', () => {
  const credentials = parseCredentials(JSON.stringify(keys.aicoreSecret), 'pasted key');
  assert.equal(credentials.credentialType, 'binding-secret');
  assert.equal(redactText(`secret=${credentials.clientsecret}`), 'secret=[redacted]');
});

test('cf v6 output with preamble', () => {
  const text = `Getting key my-key for service instance my-aicore as admin@example.com...\n\n${JSON.stringify(keys.aicoreX509, null, 1)}\n`;
  const credentials = parseCredentials(text, 'cf.txt', { sourceKind: 'file' });
  assert.equal(credentials.source.shape, 'cf-service-key');
  assert.equal(credentials.clientid, keys.aicoreX509.clientid);
  assert.equal(credentials.origin.clientid?.path, '$.clientid');
});

test('cf v8 credentials wrapper', () => {
  const text = `Getting key my-key for service instance my-aicore as admin...\n\n${JSON.stringify({ credentials: keys.aicoreX509 }, null, 2)}`;
  const credentials = parseCredentials(text, 'cf8.txt');
  assert.equal(credentials.source.shape, 'cf-service-key');
  assert.equal(credentials.origin.certurl?.path, '$.credentials.certurl');
});

test('credentials wrapper without preamble', () => {
  const credentials = parseCredentials(JSON.stringify({ credentials: keys.aicoreX509 }), 'wrapped.json');
  assert.equal(credentials.source.shape, 'credentials-wrapper');
  assert.equal(credentials.kind, 'aicore');
});

test('btp binding JSON', () => {
  const binding = {
    id: '11111111-2222-3333-4444-555555555555',
    name: 'aicore-mtls',
    service_instance_id: '99999999-2222-3333-4444-555555555555',
    service_instance_name: 'my-aicore',
    ready: true,
    credentials: keys.aicoreX509,
    created_at: '2026-01-01T00:00:00Z',
  };
  const credentials = parseCredentials(JSON.stringify(binding, null, 2), 'binding.json');
  assert.equal(credentials.source.shape, 'btp-binding');
  assert.equal(credentials.source.instanceName, 'aicore-mtls');
  assert.equal(credentials.origin.key?.path, '$.credentials.key');
});

test('binding object from Service Manager', () => {
  const credentials = credentialsFromObject(keys.aicoreX509, 'binding "aicore-mtls"', { authentication: 'certificate' });
  assert.equal(credentials.credentialType, 'x509');
  assert.equal(credentials.source.description, 'binding "aicore-mtls"');
});

test('VCAP_SERVICES by label', () => {
  const vcap = {
    aicore: [{ label: 'aicore', name: 'my-aicore', plan: 'extended', credentials: keys.aicoreSecret }],
    destination: [{ label: 'destination', name: 'my-destination', plan: 'lite', credentials: keys.destinationSecret }],
  };
  const credentials = credentialsFromEnvironment({ VCAP_SERVICES: JSON.stringify(vcap) }, { service: 'destination' });
  assert.ok(credentials);
  assert.equal(credentials.kind, 'destination');
  assert.equal(credentials.source.shape, 'vcap-services');
  assert.equal(credentials.source.instanceName, 'my-destination');
  assert.equal(credentials.source.plan, 'lite');
  assert.equal(credentials.origin.uri?.path, '$.destination[0].credentials.uri');
  assert.match(credentials.source.description, /environment variable VCAP_SERVICES, entry "my-destination" \(destination\)/);
});

test('VCAP_SERVICES by instance name', () => {
  const vcap = {
    aicore: [
      { label: 'aicore', name: 'aicore-dev', credentials: keys.aicoreSecret },
      { label: 'aicore', name: 'aicore-prod', credentials: keys.aicoreX509 },
    ],
  };
  const credentials = parseCredentials(JSON.stringify(vcap), 'VCAP_SERVICES', { instanceName: 'aicore-prod', sourceKind: 'environment' });
  assert.equal(credentials.credentialType, 'x509');
  assert.equal(credentials.origin.clientid?.path, '$.aicore[1].credentials.clientid');
});

test('VCAP_SERVICES ambiguous rejected', () => {
  const vcap = {
    aicore: [
      { label: 'aicore', name: 'aicore-dev', credentials: keys.aicoreSecret },
      { label: 'aicore', name: 'aicore-prod', credentials: keys.aicoreX509 },
    ],
  };
  assert.throws(() => parseCredentials(JSON.stringify(vcap), 'VCAP_SERVICES', { service: 'aicore', sourceKind: 'environment' }), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_CREDENTIALS_AMBIGUOUS');
    assert.match((error as Error).message, /2 sets of credentials: aicore-dev \(aicore\), aicore-prod \(aicore\)/);
    return true;
  });
});

test('VCAP_SERVICES unknown instance rejected', () => {
  const vcap = { aicore: [{ label: 'aicore', name: 'aicore-dev', credentials: keys.aicoreSecret }] };
  assert.throws(() => parseCredentials(JSON.stringify(vcap), 'VCAP_SERVICES', { instanceName: 'nope', sourceKind: 'environment' }), {
    code: 'ERR_CREDENTIALS_NOT_FOUND',
    message: /no credentials for instance "nope"; found: aicore-dev \(aicore\)/,
  });
});

test('VCAP_SERVICES user-provided service', () => {
  const vcap = {
    'user-provided': [{ label: 'user-provided', name: 'ai-key', credentials: keys.aicoreX509 }],
    xsuaa: [{ label: 'xsuaa', name: 'uaa', credentials: { clientid: 'sb-app', clientsecret: 'app-secret-1', url: 'https://my-sub.authentication.eu10.hana.ondemand.com' } }],
  };
  const credentials = parseCredentials(JSON.stringify(vcap), 'VCAP_SERVICES', { service: 'aicore' });
  assert.equal(credentials.source.instanceName, 'ai-key');
});

test('AICORE_SERVICE_KEY preferred', () => {
  const credentials = credentialsFromEnvironment({
    AICORE_SERVICE_KEY: JSON.stringify(keys.aicoreX509, null, 2),
    VCAP_SERVICES: JSON.stringify({ aicore: [{ label: 'aicore', name: 'x', credentials: keys.aicoreSecret }] }),
  });
  assert.ok(credentials);
  assert.equal(credentials.source.source, 'AICORE_SERVICE_KEY');
  assert.equal(credentials.credentialType, 'x509');
});

test('AICORE_SERVICE_KEY in single quotes', () => {
  const credentials = credentialsFromEnvironment({ AICORE_SERVICE_KEY: `'${JSON.stringify(keys.aicoreSecret)}'` });
  assert.ok(credentials);
  assert.deepEqual(
    credentials.repairs.map((repair) => repair.code),
    ['QUOTED_JSON'],
  );
});

test('environment without credentials', () => {
  assert.equal(credentialsFromEnvironment({}), undefined);
  assert.equal(credentialsFromEnvironment({ AICORE_SERVICE_KEY: JSON.stringify(keys.aicoreSecret) }, { service: 'destination' }), undefined);
});

test('damaged env JSON names position', () => {
  const text = '{\n  "clientid": "sb-x",\n  "clientsecret": "hidden-secret-value"\n  "url": "https://x"\n}';
  assert.throws(() => credentialsFromEnvironment({ AICORE_SERVICE_KEY: text }), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_CREDENTIALS_JSON');
    assert.match((error as Error).message, /^environment variable AICORE_SERVICE_KEY is not valid JSON: line 4, column 3: expected "," or "}"/);
    assert.match((error as { fix?: string }).fix ?? '', /\.env file/);
    assert.doesNotMatch(JSON.stringify(error) + (error as Error).message, /hidden-secret-value/);
    assert.equal((error as Error).cause, undefined);
    return true;
  });
});

test('Kubernetes secret with metadata', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'aicore-binding', namespace: 'default' },
    type: 'Opaque',
    data: {
      clientid: b64(keys.aicoreX509.clientid as string),
      'credential-type': b64('x509'),
      certificate: b64(keys.chainPem),
      key: b64(keys.pki.leaf.privateKeyPem),
      url: b64(keys.aicoreX509.url as string),
      certurl: b64(keys.aicoreX509.certurl as string),
      serviceurls: b64(JSON.stringify(keys.aicoreX509.serviceurls)),
      instance_name: b64('my-aicore'),
      plan: b64('extended'),
      label: b64('aicore'),
      '.metadata': b64(
        JSON.stringify({
          metaDataProperties: [
            { name: 'instance_name', format: 'text' },
            { name: 'plan', format: 'text' },
            { name: 'label', format: 'text' },
          ],
          credentialProperties: ['clientid', 'credential-type', 'certificate', 'key', 'url', 'certurl']
            .map((name) => ({ name, format: 'text' }))
            .concat([{ name: 'serviceurls', format: 'json' }]),
        }),
      ),
    },
  };
  const credentials = parseCredentials(JSON.stringify(secret, null, 2), 'secret.json', { sourceKind: 'file' });
  assert.equal(credentials.kind, 'aicore');
  assert.equal(credentials.source.shape, 'kubernetes-secret');
  assert.equal(credentials.source.instanceName, 'my-aicore');
  assert.equal(credentials.source.label, 'aicore');
  assert.equal(credentials.key, keys.pki.leaf.privateKeyPem);
  assert.equal(credentials.origin.certurl?.path, 'data.certurl');
  assert.ok(!credentials.fieldNames.includes('instance_name'), 'instance facts are not credentials');
});

test('Kubernetes secret without metadata', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const data: Record<string, string> = {};
  for (const [field, value] of Object.entries(keys.destinationSecret)) data[field] = b64(String(value));
  data.instance_name = b64('my-destination');
  const credentials = parseCredentials(JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'dest' }, data }), 'secret.json');
  assert.equal(credentials.kind, 'destination');
  assert.equal(credentials.source.instanceName, 'my-destination');
  assert.ok(!('instance_name' in credentials));
});

test('Kubernetes secret with secretKey', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'aicore' },
    data: {
      credentials: b64(JSON.stringify(keys.aicoreX509)),
      '.metadata': b64(JSON.stringify({ credentialProperties: [{ name: 'credentials', format: 'json', container: true }], metaDataProperties: [] })),
    },
  };
  const credentials = parseCredentials(JSON.stringify(secret), 'secret.json');
  assert.equal(credentials.certurl, keys.aicoreX509.certurl);
  assert.equal(credentials.origin.certurl?.path, 'data.credentials → $.certurl');
});

test('Kubernetes secret with secretRootKey', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const flatStrings: Record<string, string> = {};
  for (const [field, value] of Object.entries(keys.aicoreX509)) flatStrings[field] = typeof value === 'string' ? value : JSON.stringify(value);
  flatStrings.instance_name = 'my-aicore';
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'root' }, data: { binding: b64(JSON.stringify(flatStrings)) } };
  const credentials = parseCredentials(JSON.stringify(secret), 'secret.json');
  assert.equal(credentials.kind, 'aicore', 'serviceurls decoded from its JSON string');
  assert.equal(credentials.source.instanceName, 'my-aicore');
});

test('Kubernetes secret stringData form', () => {
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sm' }, stringData: keys.serviceManagerSecret };
  const credentials = parseCredentials(JSON.stringify(secret), 'secret.json');
  assert.equal(credentials.kind, 'service-manager');
  assert.equal(credentials.origin.sm_url?.path, 'stringData.sm_url');
});

test('Kubernetes secret bad base64', () => {
  const secret = { apiVersion: 'v1', kind: 'Secret', data: { clientid: 'not base64!' } };
  assert.throws(() => parseCredentials(JSON.stringify(secret), 'secret.json'), { code: 'ERR_CREDENTIALS_FIELD_INVALID', message: /"data.clientid" is not base64/ });
});

test('Kubernetes secret YAML', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const yaml = [
    'apiVersion: v1',
    'data:',
    `  clientid: ${b64(keys.aicoreX509.clientid as string)}`,
    `  certurl: ${b64(keys.aicoreX509.certurl as string)}`,
    `  url: ${b64(keys.aicoreX509.url as string)}`,
    `  certificate: ${b64(keys.chainPem)}`,
    `  serviceurls: ${b64(JSON.stringify(keys.aicoreX509.serviceurls))}`,
    'kind: Secret',
    'metadata:',
    '  annotations:',
    '    binding: aicore-binding',
    '  creationTimestamp: "2026-01-01T00:00:00Z"',
    '  name: aicore-binding',
    '  namespace: default',
    '  ownerReferences:',
    '  - apiVersion: services.cloud.sap.com/v1',
    '    kind: ServiceBinding',
    '    name: aicore-binding',
    'stringData:',
    '  key: |',
    ...keys.pki.leaf.privateKeyPem.trim().split('\n').map((line) => `    ${line}`),
    'type: Opaque',
    '',
  ].join('\r\n');
  const credentials = parseCredentials(Buffer.from(yaml), 'secret.yaml', { sourceKind: 'file' });
  assert.equal(credentials.source.shape, 'kubernetes-secret-yaml');
  assert.equal(credentials.kind, 'aicore');
  assert.equal(credentials.credentialType, 'x509');
  assert.equal(credentials.key, keys.pki.leaf.privateKeyPem);
  assert.equal(credentials.origin.certurl?.path, 'data.certurl (line 4)');
  assert.match(credentials.source.description, /secret "aicore-binding"/);
  assert.ok(credentials.repairs.some((repair) => repair.code === 'CRLF'));
});

test('YAML anchors rejected', () => {
  const yaml = 'apiVersion: v1\nkind: Secret\ndata:\n  clientid: &id c2I=\n';
  assert.throws(() => parseCredentials(yaml, 'secret.yaml', { sourceKind: 'file' }), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_CREDENTIALS_YAML_UNSUPPORTED');
    assert.match((error as Error).message, /line 4: anchors, aliases, tags and flow collections are not supported/);
    assert.match((error as { fix?: string }).fix ?? '', /kubectl get secret NAME -o json/);
    return true;
  });
});

test('UTF-16 file with BOM', async () => {
  const folder = await createTempDir();
  const path = join(folder, 'key-utf16.json');
  const text = JSON.stringify(keys.aicoreSecret, null, 2).replace(/\n/g, '\r\n');
  await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));

  const credentials = await readCredentialsFile(path);
  assert.equal(credentials.clientid, keys.aicoreSecret.clientid);
  const codes = credentials.repairs.map((repair) => repair.code);
  assert.ok(codes.includes('UTF16LE_BOM'));
  assert.ok(codes.includes('CRLF'));
});

test('UTF-8 BOM string input', () => {
  const credentials = parseCredentials(`\ufeff${JSON.stringify(keys.aicoreSecret)}`, 'pasted');
  assert.equal(credentials.repairs[0]?.code, 'UTF8_BOM');
});

test('double escaped PEM repaired', () => {
  const key = { ...keys.aicoreX509, certificate: keys.chainPem.replace(/\n/g, '\\n') };
  const credentials = parseCredentials(JSON.stringify(key), 'escaped.json');
  assert.equal(credentials.certificate, keys.chainPem);
  assert.equal(credentials.repairs[0]?.code, 'ESCAPED_NEWLINES');
});

test('missing file named', async () => {
  await assert.rejects(readCredentialsFile('/nonexistent/key.json'), { code: 'ERR_NOT_FOUND', message: /"\/nonexistent\/key.json" does not exist/ });
});

test('binary file rejected', async () => {
  const folder = await createTempDir();
  const path = join(folder, 'key.p12');
  await writeFile(path, Buffer.from([0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x03, 0x00]));
  await assert.rejects(readCredentialsFile(path), { code: 'ERR_INPUT_FORMAT', message: /is not a text file/ });
});
