import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { before, test } from 'node:test';

import type { ClientCertificate, Sandbox } from '../../src/sandbox/index.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { serviceManager, startTestSandbox, uniqueName, x509Parameters } from './helpers.ts';

const run = promisify(execFile);
const dir = await createTempDir();
const repository = fileURLToPath(new URL('../../', import.meta.url));

let sandbox: Sandbox;
let certificate: ClientCertificate;
let credentials: Record<string, any>;
let caFile: string;

before(async () => {
  sandbox = await startTestSandbox();
  const sm = await serviceManager(sandbox);
  certificate = await sandbox.issueClientCertificate({ subject: 'CN=sap-clients, O=Tests, C=DE', keyType: 'rsa-2048' });
  credentials = (await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('sdk'), x509Parameters(certificate))).credentials;
  caFile = join(dir, 'ca.pem');
  await writeFile(caFile, sandbox.caCertificatePem);
});

test('SAP AI SDK lists scenarios', async () => {
  const serviceKey = { ...credentials, key: certificate.privateKeyPem };
  // A child process, so that AICORE_SERVICE_KEY and NODE_EXTRA_CA_CERTS apply from the start.
  // It must be asynchronous: the sandbox serves from this process's event loop.
  const { stdout } = await run(process.execPath, [fileURLToPath(new URL('fixtures/list-scenarios.mjs', import.meta.url))], {
    cwd: repository,
    env: { ...process.env, NODE_OPTIONS: '', AICORE_SERVICE_KEY: JSON.stringify(serviceKey), NODE_EXTRA_CA_CERTS: caFile },
    timeout: 60_000,
  });
  const result = JSON.parse(stdout.trim().split('\n').pop()!);
  assert.ok(result.ids.includes('foundation-models'));

  const log = sandbox.requestLog();
  assert.ok(log.some((entry) => entry.service === 'xsuaa-cert' && entry.status === 200), 'the SDK took its token from certurl');
  assert.ok(log.some((entry) => entry.service === 'aicore' && entry.path === '/v2/lm/scenarios' && entry.status === 200));
});

const curl = spawnSync('curl', ['--version'], { stdio: 'ignore' }).error === undefined;

test('curl gets token from certurl', { skip: curl ? false : 'curl is not installed' }, async () => {
  const chainFile = join(dir, 'chain.pem');
  const keyFile = join(dir, 'key.pem');
  await writeFile(chainFile, certificate.chainPem);
  await writeFile(keyFile, certificate.privateKeyPem, { mode: 0o600 });
  const args = ['--silent', '--cacert', caFile, '--cert', chainFile, '--key', keyFile, '--data-urlencode', 'grant_type=client_credentials', '--data-urlencode', `client_id=${credentials.clientid}`, '--write-out', '\n%{http_code}'];

  const good = await run('curl', [...args, `${credentials.certurl}/oauth/token`]);
  const [goodBody, goodStatus] = good.stdout.split('\n');
  assert.equal(goodStatus, '200');
  assert.equal(JSON.parse(goodBody!).token_type, 'bearer');

  const rejected = await run('curl', [...args, `${credentials.url}/oauth/token`]);
  const [rejectedBody, rejectedStatus] = rejected.stdout.split('\n');
  assert.equal(rejectedStatus, '401');
  assert.match(JSON.parse(rejectedBody!).error_description, /^Unsupported instance credential/);
});
