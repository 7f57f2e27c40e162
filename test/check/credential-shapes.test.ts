import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { createServiceManagerClient } from '../../src/btp/service-manager/index.ts';
import { credentialsFromObject } from '../../src/credentials/index.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTestSandbox } from '../setup/helpers.ts';
import { sandboxHttp } from '../setup/inventory.ts';
import { prepareCheckFixture } from './helpers.ts';

const sandbox = await startTestSandbox();
const fixture = await prepareCheckFixture(sandbox, 'shapes.pem');
const { serviceKey, bindingCredentials } = fixture;

/** The binding as Service Manager returns it, which is what `btp get services/binding --format json` prints. */
async function serviceManagerBinding(): Promise<Record<string, unknown>> {
  const client = createServiceManagerClient({
    credentials: credentialsFromObject(sandbox.serviceManagerKey, 'sandbox Service Manager key', { service: 'service-manager' }),
    http: sandboxHttp(sandbox),
    cache: false,
  });
  try {
    return (await client.getBinding(fixture.result.state.binding!.id!)) as Record<string, unknown>;
  } finally {
    await client.close();
  }
}

/** Builds a secret as the SAP BTP service operator writes it: one key per field, objects as JSON, and a `.metadata` key. */
function operatorSecret(credentials: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, string> = {};
  const credentialProperties: Array<{ name: string; format: string }> = [];
  for (const [name, value] of Object.entries(credentials)) {
    const json = typeof value !== 'string';
    data[name] = Buffer.from(json ? JSON.stringify(value) : value).toString('base64');
    credentialProperties.push({ name, format: json ? 'json' : 'text' });
  }
  const facts = { instance_name: sandbox.aicoreInstanceName, label: 'aicore', plan: 'extended', type: 'aicore' };
  for (const [name, value] of Object.entries(facts)) data[name] = Buffer.from(value).toString('base64');
  const metadata = { credentialProperties, metaDataProperties: Object.keys(facts).map((name) => ({ name, format: 'text' })) };
  data['.metadata'] = Buffer.from(JSON.stringify(metadata)).toString('base64');
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'aicore-mtls', namespace: 'islm' }, type: 'Opaque', data };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function writeShape(name: string, content: string): Promise<string> {
  const path = join(fixture.workDir, name);
  await writeFile(path, content, { mode: 0o600 });
  return path;
}

interface Shape {
  title: string;
  args: () => Promise<string[]>;
  env?: () => Record<string, string>;
}

const shapes: Shape[] = [
  {
    title: 'plain service key',
    args: async () => ['--service-key', await writeShape('service-key.json', JSON.stringify(serviceKey))],
  },
  {
    title: 'binding credentials with bundle',
    args: async () => ['--service-key', fixture.bindingCredentialsPath, '--bundle', fixture.p12Path, '--password-file', fixture.passwordFile],
  },
  {
    title: 'cf service-key output',
    args: async () => {
      const text = [`Getting key shapes-mtls for service instance ${sandbox.aicoreInstanceName} as admin...`, '', JSON.stringify({ credentials: bindingCredentials }, null, 2), ''].join('\n');
      return ['--service-key', await writeShape('cf-service-key.txt', text), '--cert', fixture.certificatePath, '--key', fixture.keyPath];
    },
  },
  {
    title: 'credentials wrapper',
    args: async () => ['--service-key', await writeShape('wrapper.json', JSON.stringify({ credentials: serviceKey }, null, 2))],
  },
  {
    title: 'btp binding JSON',
    args: async () => {
      const binding = await serviceManagerBinding();
      return ['--service-key', await writeShape('btp-binding.json', JSON.stringify(binding, null, 2)), '--cert', fixture.certificatePath, '--key', fixture.keyPath];
    },
  },
  {
    title: 'Kubernetes secret',
    args: async () => ['--service-key', await writeShape('secret.json', JSON.stringify(operatorSecret(bindingCredentials), null, 2)), '--bundle', fixture.p12Path, '--password-file', fixture.passwordFile],
  },
  {
    title: 'AICORE_SERVICE_KEY variable',
    args: async () => [],
    env: () => ({ AICORE_SERVICE_KEY: JSON.stringify(serviceKey) }),
  },
  {
    title: 'VCAP_SERVICES variable',
    args: async () => [],
    env: () => ({
      VCAP_SERVICES: JSON.stringify({
        xsuaa: [{ label: 'xsuaa', plan: 'application', name: 'islm-uaa', credentials: { clientid: 'sb-other!t1', clientsecret: 'not-used', url: 'https://127.0.0.1:9/' } }],
        aicore: [{ label: 'aicore', plan: 'extended', name: sandbox.aicoreInstanceName, instance_name: sandbox.aicoreInstanceName, credentials: serviceKey }],
      }),
    }),
  },
];

for (const shape of shapes) {
  test(`check reads ${shape.title}`, async () => {
    const args = ['check', ...(await shape.args()), '--ca-file', fixture.caFile];
    const { code, stdout, stderr } = await runCli(args, { env: { AICORE_SERVICE_KEY: '', VCAP_SERVICES: '', ...shape.env?.() } });

    assert.equal(code, 0, stderr + stdout);
    assert.match(stdout, /Connection OK over mTLS/);
    assert.match(stdout, /identity presented: .*CN=shapes/);
    assert.match(stdout, new RegExp(`^ok +token .*POST ${escape(String(serviceKey.certurl))}/oauth/token$`, 'm'));
  });
}

test('check without any service key', async () => {
  const { code, stdout, stderr } = await runCli(['check', '--ca-file', fixture.caFile], { env: { AICORE_SERVICE_KEY: '', VCAP_SERVICES: '' } });

  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /no SAP AI Core service key: --service-key is not given and neither AICORE_SERVICE_KEY nor VCAP_SERVICES is set \[ERR_USAGE\]/);
  assert.match(stderr, /fix: .*--service-key FILE/);
});
